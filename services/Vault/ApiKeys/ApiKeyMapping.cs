using PasswordSync.Vault.Model;
using PasswordSync.Vault.Security;
using PasswordSync.Vault.V1;

namespace PasswordSync.Vault.ApiKeys;

internal static class ApiKeyMapping
{
    private static readonly (ApiPermission Proto, ApiPermissions Model)[] Pairs =
    [
        (ApiPermission.Read, ApiPermissions.Read),
        (ApiPermission.Reveal, ApiPermissions.Reveal),
        (ApiPermission.Write, ApiPermissions.Write),
        (ApiPermission.Sync, ApiPermissions.Sync),
        (ApiPermission.Admin, ApiPermissions.Admin),
    ];

    public static ApiPermissions ToModel(this IEnumerable<ApiPermission> permissions) =>
        permissions.Aggregate(ApiPermissions.None,
            (all, p) => all | Pairs.FirstOrDefault(pair => pair.Proto == p).Model);

    public static IEnumerable<ApiPermission> ToProto(this ApiPermissions permissions) =>
        Pairs.Where(pair => permissions.HasFlag(pair.Model)).Select(pair => pair.Proto);

    /// <summary>The key as listings show it: no hash, no key.</summary>
    public static ApiKeyInfo ToInfo(this ApiKey key)
    {
        var info = new ApiKeyInfo
        {
            Id = key.Id,
            Name = key.Name,
            Prefix = key.Prefix,
            CreatedBy = key.CreatedBy,
            CreatedAt = key.CreatedAt.ToProto(),
            ExpiresAt = key.ExpiresAt.ToProto(),
            RevokedAt = key.RevokedAt.ToProto(),
            LastUsedAt = key.LastUsedAt.ToProto(),
        };
        info.Permissions.AddRange(key.Permissions.ToProto());
        info.ListIds.AddRange(key.ListIds);
        return info;
    }
}
