using PasswordSync.Vault.Model;
using PasswordSync.Vault.Security;
using PasswordSync.Vault.V1;

namespace PasswordSync.Vault.Rotations;

/// <summary>A record's rotation state as the API shows it: never a password, sealed or not.</summary>
internal static class RotationMapping
{
    public static RotationState ToRotationState(this PasswordRecord record) => new()
    {
        RecordId = record.Id,
        ListId = record.ListId,
        RecordVersion = record.Version,
        Pending = record.Pending is { } pending
            ? new PendingRotationInfo
            {
                RotationId = pending.RotationId,
                Owner = pending.Owner,
                LeaseExpiresAt = pending.LeaseExpiresAt.ToProto(),
                StartedAt = pending.StartedAt.ToProto(),
                Reason = pending.Reason,
                Actor = pending.Actor,
                ClaimCount = pending.ClaimCount,
            }
            : null,
        SyncState = record.SyncState.ToProto(),
        SyncReason = record.SyncReason,
        LastSyncedAt = record.LastSyncedAt.ToProto(),
        DirectoryPasswordLastSet = record.DirectoryPasswordLastSet,
        PasswordChangedAt = record.PasswordChangedAt.ToProto(),
        HasPassword = record.SealedPassword is not null,
    };

    public static RecordSyncStatus ToProto(this SyncState state) => state switch
    {
        SyncState.InSync => RecordSyncStatus.InSync,
        SyncState.OutOfSync => RecordSyncStatus.OutOfSync,
        _ => RecordSyncStatus.Unknown,
    };

    public static SyncState ToModel(this RecordSyncStatus state) => state switch
    {
        RecordSyncStatus.InSync => SyncState.InSync,
        RecordSyncStatus.OutOfSync => SyncState.OutOfSync,
        _ => SyncState.Unknown,
    };
}
