namespace PasswordSync.DirectorySync.Connectors.Ssh;

/// <summary>
/// A target's pinned host key: the SHA-256 fingerprint as OpenSSH prints it (<c>SHA256:</c> followed by unpadded
/// base64; the prefix is optional here). Trust on first use is not offered: a host without a pin is refused, and the
/// target test reports the fingerprint to pin.
/// </summary>
internal static class SshHostKeyPin
{
    private const string Prefix = "SHA256:";

    public static string Format(string fingerprintSha256) => Prefix + fingerprintSha256;

    public static bool Matches(string? pinned, string presentedSha256) =>
        pinned is not null && string.Equals(Normalize(pinned), presentedSha256.TrimEnd('='), StringComparison.Ordinal);

    private static string Normalize(string pinned)
    {
        var value = pinned.Trim();
        return (value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? value[Prefix.Length..] : value)
            .TrimEnd('=');
    }
}
