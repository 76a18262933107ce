using MongoDB.Driver;
using PasswordSync.Vault.Storage.Mongo.Documents;

namespace PasswordSync.Vault.Storage.Mongo.Queries;

/// <summary>A deleted record due for purge: what its removal and audit event need.</summary>
internal sealed record PurgeCandidate(string Id, string ListId);

/// <summary>A record's wrapped data key, for KEK rotation.</summary>
internal sealed record RecordKey(string Id, int KekVersion, byte[] Wrapped);

/// <summary>A target's sealed privileged password, for KEK rotation.</summary>
internal sealed record TargetSecret(string Id, byte[] Sealed);

/// <summary>The partial reads of the store: only the fields a step needs leave the server.</summary>
internal static class Projections
{
    public static ProjectionDefinition<RecordDocument, List<HistoryDocument>> History { get; } =
        Builders<RecordDocument>.Projection.Expression(d => d.History);

    public static ProjectionDefinition<RecordDocument, PurgeCandidate> Purge { get; } =
        Builders<RecordDocument>.Projection.Expression(d => new PurgeCandidate(d.Id, d.ListId));

    public static ProjectionDefinition<RecordDocument, RecordKey> DataKey { get; } =
        Builders<RecordDocument>.Projection.Expression(d => new RecordKey(d.Id, d.DataKey.KekVersion, d.DataKey.Wrapped));

    public static ProjectionDefinition<TargetDocument, TargetSecret> Secret { get; } =
        Builders<TargetDocument>.Projection.Expression(d => new TargetSecret(d.Id, d.PrivilegedPassword));
}
