using Google.Protobuf.WellKnownTypes;
using VaultApi = PasswordSync.Vault.V1;

namespace PasswordSync.Gateway.Api.Admin;

/// <summary>Public admin messages to and from the vault's. The two permission enums share their numbers.</summary>
internal static class AdminMapping
{
    public static VaultApi.ApiPermission ToVault(this V1.Permission permission) => (VaultApi.ApiPermission)(int)permission;

    public static V1.ApiKey ToPublic(this VaultApi.ApiKeyInfo key)
    {
        var result = new V1.ApiKey
        {
            Id = key.Id,
            Name = key.Name,
            Prefix = key.Prefix,
            CreatedBy = key.CreatedBy,
            CreateTime = key.CreatedAt,
            ExpireTime = key.ExpiresAt,
            RevokeTime = key.RevokedAt,
            LastUseTime = key.LastUsedAt,
        };
        result.Permissions.AddRange(key.Permissions.Select(p => (V1.Permission)(int)p));
        result.ListIds.AddRange(key.ListIds);
        return result;
    }

    public static V1.AuditEvent ToPublic(this VaultApi.AuditEvent e) => new()
    {
        Sequence = e.Sequence,
        Time = e.Time,
        Action = e.Action,
        Actor = e.Actor,
        ListId = e.ListId,
        RecordId = e.RecordId,
        TargetId = e.TargetId,
        Detail = e.Detail,
        Hash = e.Hash,
        PreviousHash = e.PreviousHash,
    };

    public static VaultApi.QueryAuditRequest ToVault(this V1.QueryAuditRequest request) => new()
    {
        ListId = request.ListId,
        RecordId = request.RecordId,
        Actor = request.Actor,
        Action = request.Action,
        From = request.FromTime,
        To = request.ToTime,
        PageSize = request.PageSize,
        PageToken = request.PageToken,
    };

    public static bool IsBefore(this Timestamp? first, Timestamp? second) =>
        first is not null && second is not null && first.ToDateTimeOffset() < second.ToDateTimeOffset();
}
