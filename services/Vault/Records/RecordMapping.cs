using Google.Protobuf.WellKnownTypes;
using PasswordSync.Common.V1;
using PasswordSync.Vault.Model;
using ModelHistoryEntry = PasswordSync.Vault.Model.PasswordHistoryEntry;
using ModelRecord = PasswordSync.Vault.Model.PasswordRecord;
using ProtoHistoryEntry = PasswordSync.Vault.V1.HistoryEntry;
using ProtoRecord = PasswordSync.Vault.V1.Record;
using ProtoSyncState = PasswordSync.Vault.V1.RecordSyncState;

namespace PasswordSync.Vault.Records;

/// <summary>
/// Records from the model to the wire. There is deliberately no password here: the sealed bytes only say whether a
/// password exists; values leave the vault through the audited reveal calls alone.
/// </summary>
public static class RecordMapping
{
    public static ProtoRecord ToProto(ModelRecord record)
    {
        var proto = new ProtoRecord
        {
            Id = record.Id,
            ListId = record.ListId,
            Title = record.Title,
            UserName = record.UserName,
            AccountType = (AccountType)(int)record.AccountType,
            Description = record.Description,
            Url = record.Url,
            Notes = record.Notes,
            ExpireTime = ToTimestamp(record.ExpiresAt),
            DomainOrHost = record.DomainOrHost,
            HasPassword = record.SealedPassword is { Length: > 0 },
            PasswordChangeTime = ToTimestamp(record.PasswordChangedAt),
            SyncState = record.SyncState switch
            {
                SyncState.InSync => ProtoSyncState.InSync,
                SyncState.OutOfSync => ProtoSyncState.OutOfSync,
                _ => ProtoSyncState.Unknown,
            },
            SyncReason = record.SyncReason,
            LastSyncTime = ToTimestamp(record.LastSyncedAt),
            LastVerifyTime = ToTimestamp(record.LastVerifiedAt),
            PendingRotation = record.Pending is { } pending ? ToProto(pending) : null,
            Version = record.Version,
            CreateTime = Timestamp.FromDateTimeOffset(record.CreatedAt),
            UpdateTime = Timestamp.FromDateTimeOffset(record.UpdatedAt),
            DeleteTime = ToTimestamp(record.DeletedAt),
        };
        foreach (var (key, value) in record.GenericValues)
        {
            proto.GenericValues[key] = value;
        }

        return proto;
    }

    public static ProtoHistoryEntry ToProto(ModelHistoryEntry entry) => new()
    {
        Id = entry.Id,
        ReplaceTime = Timestamp.FromDateTimeOffset(entry.ReplacedAt),
        ChangedBy = entry.ChangedBy,
        Reason = entry.Reason,
    };

    private static V1.PendingRotationSummary ToProto(PendingRotation pending) => new()
    {
        RotationId = pending.RotationId,
        Owner = pending.Owner,
        StartTime = Timestamp.FromDateTimeOffset(pending.StartedAt),
        LeaseExpireTime = Timestamp.FromDateTimeOffset(pending.LeaseExpiresAt),
        Reason = pending.Reason,
        Actor = pending.Actor,
        ClaimCount = pending.ClaimCount,
    };

    private static Timestamp? ToTimestamp(DateTimeOffset? time) =>
        time is { } value ? Timestamp.FromDateTimeOffset(value) : null;
}
