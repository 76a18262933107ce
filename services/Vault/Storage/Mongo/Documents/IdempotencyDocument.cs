using MongoDB.Bson;

namespace PasswordSync.Vault.Storage.Mongo.Documents;

/// <summary>
/// The first result of a request id ("_id"), written in the same transaction as the change it stands for, so a
/// retried request finds it and returns the same result. Expires through a TTL index on <see cref="CreatedAt"/>.
/// </summary>
internal sealed class IdempotencyDocument
{
    public string RequestId { get; set; } = "";

    /// <summary>Which operation the id was used for ("rotation.begin"...).</summary>
    public string Operation { get; set; } = "";

    /// <summary>The arguments that identify the request (record and rotation ids...), to refuse reuse with others.</summary>
    public string Fingerprint { get; set; } = "";

    /// <summary>What the first call returned (a record snapshot, an event sequence, a job id).</summary>
    public BsonDocument Result { get; set; } = [];

    public DateTime CreatedAt { get; set; }
}
