namespace PasswordSync.Gateway.Api.Targets;

/// <summary>A target's update_mask in public paths, and the vault's names for them (use_start_tls is start_tls there).</summary>
internal static class TargetMasks
{
    public static IReadOnlySet<string> Settable { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "kind", "names", "endpoints", "ca_certificate_pem", "accept_any_certificate", "allow_plaintext",
        "use_start_tls", "base_dn", "privileged_account", "privileged_password", "ssh_host_key_fingerprint",
    };

    public static IReadOnlySet<string> OutputOnly { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "id", "has_privileged_password", "version", "create_time", "update_time",
    };

    public static string SettableText { get; } = string.Join(", ", Settable);

    public static string ToVault(string path) => path == "use_start_tls" ? "start_tls" : path;
}
