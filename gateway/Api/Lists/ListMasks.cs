namespace PasswordSync.Gateway.Api.Lists;

/// <summary>
/// A list's update_mask in public paths, and the vault's paths for it. The public API has the field configuration as
/// two flat fields; the vault replaces it whole, as "fields".
/// </summary>
internal static class ListMasks
{
    public const string StandardFields = "standard_fields";
    public const string GenericFields = "generic_fields";

    public static IReadOnlySet<string> Settable { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "name", "description", StandardFields, GenericFields, "policy", "prevent_reuse_count",
    };

    public static IReadOnlySet<string> OutputOnly { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "id", "version", "readiness", "create_time", "update_time",
    };

    public static string SettableText { get; } = string.Join(", ", Settable);

    public static IReadOnlyList<string> ToVault(IEnumerable<string> publicPaths) =>
        publicPaths.Select(p => p is StandardFields or GenericFields ? "fields" : p).Distinct().ToList();
}
