using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using PasswordSync.Common.V1;
using PasswordSync.Vault.Security;
using PasswordSync.Vault.V1;

namespace PasswordSync.Vault.Targets;

/// <summary>
/// What a target's settable fields must look like. Names and endpoints are checked strictly here because they end
/// up in DNS lookups, TLS name checks and SSH connections.
/// </summary>
internal static partial class TargetRules
{
    public const int MaxNames = 16;
    public const int MaxEndpoints = 8;
    public const int MaxPemLength = 64 * 1024;

    /// <summary>The update_mask paths a target accepts.</summary>
    public static readonly IReadOnlySet<string> Paths = new HashSet<string>(StringComparer.Ordinal)
    {
        "kind", "names", "endpoints", "ca_certificate_pem", "accept_any_certificate", "allow_plaintext", "start_tls",
        "base_dn", "privileged_account", "privileged_password", "ssh_host_key_fingerprint",
    };

    /// <summary>Checks the fields named in <paramref name="paths"/> (all of them on create).</summary>
    public static void Check(InputRules rules, TargetSpec spec, IReadOnlySet<string> paths)
    {
        if (paths.Contains("kind") && (spec.Kind == TargetKind.Unspecified || !Enum.IsDefined(spec.Kind)))
        {
            rules.Add("target.kind", "is required: ACTIVE_DIRECTORY, LDAP, SSH_LINUX or SSH_WINDOWS.");
        }

        if (paths.Contains("names"))
        {
            CheckNames(rules, spec.Names);
        }

        if (paths.Contains("endpoints"))
        {
            CheckEndpoints(rules, spec.Endpoints);
        }

        if (paths.Contains("ca_certificate_pem"))
        {
            CheckPem(rules, spec.CaCertificatePem);
        }

        if (paths.Contains("base_dn"))
        {
            rules.Text("target.base_dn", spec.BaseDn, 1024);
        }

        if (paths.Contains("privileged_account"))
        {
            rules.Text("target.privileged_account", spec.PrivilegedAccount, 256, required: true);
        }

        if (paths.Contains("privileged_password"))
        {
            rules.Password("target.privileged_password", spec.PrivilegedPassword);
        }

        if (paths.Contains("ssh_host_key_fingerprint") && spec.SshHostKeyFingerprint.Length > 0
            && !IsSha256Fingerprint(spec.SshHostKeyFingerprint))
        {
            rules.Add("target.ssh_host_key_fingerprint",
                "must be an OpenSSH SHA-256 fingerprint, e.g. SHA256:... as printed by ssh-keygen -lf.");
        }
    }

    /// <summary>A DNS name (host or domain), a NetBIOS name, or an IP address.</summary>
    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= 253
        && (IPAddress.TryParse(name, out _) || DnsName().IsMatch(name) || NetBiosName().IsMatch(name));

    private static void CheckNames(InputRules rules, Google.Protobuf.Collections.RepeatedField<string> names)
    {
        if (names.Count is 0 or > MaxNames)
        {
            rules.Add("target.names", $"needs 1..{MaxNames} names (DNS name, NetBIOS name or host name).");
            return;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < names.Count; i++)
        {
            if (!IsValidName(names[i]))
            {
                rules.Add($"target.names[{i}]",
                    "is not a DNS name (labels of letters, digits and '-'), a NetBIOS name (1..15 characters) or an IP address.");
            }
            else if (!seen.Add(names[i]))
            {
                rules.Add($"target.names[{i}]", "repeats an earlier name (names are case-insensitive).");
            }
        }
    }

    private static void CheckEndpoints(InputRules rules, Google.Protobuf.Collections.RepeatedField<string> endpoints)
    {
        if (endpoints.Count is 0 or > MaxEndpoints)
        {
            rules.Add("target.endpoints", $"needs 1..{MaxEndpoints} endpoints as host:port.");
            return;
        }

        for (var i = 0; i < endpoints.Count; i++)
        {
            if (!IsValidEndpoint(endpoints[i]))
            {
                rules.Add($"target.endpoints[{i}]", "must be host:port (a DNS name or IP address, [v6]:port, port 1..65535).");
            }
        }
    }

    private static bool IsValidEndpoint(string endpoint)
    {
        var colon = endpoint.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(endpoint.AsSpan(colon + 1), System.Globalization.NumberStyles.None, null,
                out var port) || port is < 1 or > 65535)
        {
            return false;
        }

        var host = endpoint[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            return IPAddress.TryParse(host[1..^1], out var v6)
                && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        }

        return !host.Contains(':') && (IPAddress.TryParse(host, out _) || DnsName().IsMatch(host));
    }

    private static void CheckPem(InputRules rules, string pem)
    {
        if (pem.Length == 0)
        {
            return;
        }

        if (pem.Length > MaxPemLength)
        {
            rules.Add("target.ca_certificate_pem", $"is longer than {MaxPemLength} characters.");
            return;
        }

        try
        {
            var certificates = new X509Certificate2Collection();
            certificates.ImportFromPem(pem);
            if (certificates.Count == 0)
            {
                rules.Add("target.ca_certificate_pem", "holds no PEM certificate (-----BEGIN CERTIFICATE-----).");
            }
        }
        catch (CryptographicException)
        {
            rules.Add("target.ca_certificate_pem", "does not parse as PEM X.509 certificates.");
        }
    }

    private static bool IsSha256Fingerprint(string value)
    {
        const string prefix = "SHA256:";
        if (!value.StartsWith(prefix, StringComparison.Ordinal) || value.Length > 100)
        {
            return false;
        }

        var base64 = value[prefix.Length..].TrimEnd('=');
        var padded = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        Span<byte> bytes = stackalloc byte[64];
        return Convert.TryFromBase64String(padded, bytes, out var written) && written == 32;
    }

    [GeneratedRegex(@"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$")]
    private static partial Regex DnsName();

    // NetBIOS names allow a few more characters than DNS labels, but never \ / : * ? " < > | or spaces.
    [GeneratedRegex(@"^[A-Za-z0-9!@#$%^&'()\-_{}~]{1,15}$")]
    private static partial Regex NetBiosName();
}
