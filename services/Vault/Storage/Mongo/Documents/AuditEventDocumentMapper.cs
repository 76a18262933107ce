using PasswordSync.Vault.Model;

namespace PasswordSync.Vault.Storage.Mongo.Documents;

/// <summary>Converts audit events between the domain model and <see cref="AuditEventDocument"/>.</summary>
internal static class AuditEventDocumentMapper
{
    public static AuditEventDocument ToDocument(AuditEvent e) => new()
    {
        Sequence = e.Sequence,
        Time = BsonDates.ToBson(e.Time),
        Action = e.Action,
        Actor = e.Actor,
        ListId = e.ListId,
        RecordId = e.RecordId,
        TargetId = e.TargetId,
        Detail = e.Detail,
        RequestId = e.RequestId,
        PreviousHash = e.PreviousHash,
        Hash = e.Hash,
    };

    public static AuditEvent ToModel(AuditEventDocument d) => new()
    {
        Sequence = d.Sequence,
        Time = BsonDates.FromBson(d.Time),
        Action = d.Action,
        Actor = d.Actor,
        ListId = d.ListId,
        RecordId = d.RecordId,
        TargetId = d.TargetId,
        Detail = d.Detail,
        RequestId = d.RequestId,
        PreviousHash = d.PreviousHash,
        Hash = d.Hash,
    };
}
