using PasswordSync.Gateway.Sync;
using PublicRecord = PasswordSync.V1.Record;
using VaultRecord = PasswordSync.Vault.V1.Record;

namespace PasswordSync.Gateway.Api.Records;

/// <summary>
/// Records between the public API and the vault. Neither side's record message carries a password value except the
/// public input-only <c>password</c>, which goes to the vault as the initial password and is never mapped back.
/// </summary>
internal static class RecordMapping
{
    /// <summary>Field names in the vault's violations that the public API spells differently.</summary>
    public static FieldNames VaultToPublicNames { get; } = new(
        ("record.list_id", "list_id"),
        ("record.id", "record_id"),
        ("record.version", "version"),
        ("record.expire_time", "record.expiry_time"),
        ("record.generic_values", "record.generic_fields"),
        ("initial_password", "record.password"),
        ("id", "record_id"));

    public static PublicRecord ToPublic(VaultRecord record, SyncEligibility eligibility)
    {
        var result = new PublicRecord
        {
            Id = record.Id,
            ListId = record.ListId,
            Title = record.Title,
            UserName = record.UserName,
            AccountType = record.AccountType,
            Description = record.Description,
            Url = record.Url,
            Notes = record.Notes,
            ExpiryTime = record.ExpireTime,
            HasPassword = record.HasPassword,
            PasswordChangeTime = record.PasswordChangeTime,
            SyncState = record.SyncState switch
            {
                Vault.V1.RecordSyncState.InSync => V1.SyncState.InSync,
                Vault.V1.RecordSyncState.OutOfSync => V1.SyncState.OutOfSync,
                _ => V1.SyncState.Unspecified,
            },
            SyncReason = record.SyncReason,
            LastSyncTime = record.LastSyncTime,
            LastVerifyTime = record.LastVerifyTime,
            RotationPending = record.PendingRotation is not null,
            SyncEnabled = eligibility.Enabled,
            SyncDisabledReason = eligibility.DisabledReason ?? "",
            DomainOrHost = record.DomainOrHost,
            Version = record.Version,
            CreateTime = record.CreateTime,
            UpdateTime = record.UpdateTime,
            DeleteTime = record.DeleteTime,
        };
        result.GenericFields.Add(record.GenericValues);
        return result;
    }

    /// <summary>The settable fields only; output-only ones (and the password) are not copied.</summary>
    public static VaultRecord ToVault(PublicRecord record)
    {
        var result = new VaultRecord
        {
            Title = record.Title,
            UserName = record.UserName,
            AccountType = record.AccountType,
            Description = record.Description,
            Url = record.Url,
            Notes = record.Notes,
            ExpireTime = record.ExpiryTime,
        };
        result.GenericValues.Add(record.GenericFields);
        return result;
    }

    public static V1.PasswordHistoryEntry ToPublic(Vault.V1.HistoryEntry entry) => new()
    {
        Id = entry.Id,
        ReplaceTime = entry.ReplaceTime,
        ChangedBy = entry.ChangedBy,
        Reason = entry.Reason,
    };

    public static V1.RevealPasswordResponse ToPublic(Vault.V1.RevealPasswordResponse revealed) => new()
    {
        Password = revealed.Password,
        PasswordChangeTime = revealed.PasswordChangeTime,
    };
}
