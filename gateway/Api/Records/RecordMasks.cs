namespace PasswordSync.Gateway.Api.Records;

/// <summary>A record's update_mask in public paths (expiry_time, generic_fields[.key]) and the vault's equivalents.</summary>
internal static class RecordMasks
{
    private const string GenericFields = "generic_fields";
    private const string GenericPrefix = GenericFields + ".";

    private static readonly Dictionary<string, string> Renamed = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["expiry_time"] = "expire_time",
        [GenericFields] = "generic_values",
    };

    private static readonly HashSet<string> Plain = new HashSet<string>(StringComparer.Ordinal)
    {
        "title", "user_name", "account_type", "description", "url", "notes", "expiry_time", GenericFields,
    };

    private static readonly HashSet<string> GenericKeys =
        Enumerable.Range(1, 10).Select(n => $"generic{n}").ToHashSet(StringComparer.Ordinal);

    public static IReadOnlySet<string> OutputOnly { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "id", "list_id", "has_password", "password_change_time", "sync_state", "sync_reason", "last_sync_time",
        "rotation_pending", "sync_enabled", "sync_disabled_reason", "version", "create_time", "update_time",
        "delete_time", "last_verify_time", "domain_or_host",
    };

    public static string SettableText { get; } = string.Join(", ", Plain) + ", generic_fields.<key>";

    public static bool IsSettable(string path) =>
        Plain.Contains(path)
        || (path.StartsWith(GenericPrefix, StringComparison.Ordinal) && GenericKeys.Contains(path[GenericPrefix.Length..]));

    public static string ToVault(string path) =>
        Renamed.TryGetValue(path, out var renamed) ? renamed
        : path.StartsWith(GenericPrefix, StringComparison.Ordinal) ? "generic_values." + path[GenericPrefix.Length..]
        : path;
}
