using PasswordSync.ServiceDefaults.InternalTls;

namespace PasswordSync.Gateway.Internal;

/// <summary>
/// <c>create-internal-pki &lt;dir&gt; [--vault-name NAME]... [--directory-sync-name NAME]...</c>: writes (or completes)
/// the suite's internal PKI without starting the gateway. Idempotent; keys are written owner-only (0600).
/// </summary>
public static class InternalPkiCommand
{
    public const string Name = "create-internal-pki";
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;

    private const string UsageText =
        "usage: create-internal-pki <dir> [--vault-name NAME]... [--directory-sync-name NAME]...\n" +
        "  Writes ca.pem/ca.key, vault.pem/.key, directory-sync.pem/.key (SAN localhost, 127.0.0.1, ::1 and the given\n" +
        "  names) and gateway.pem/.key (CN=passwordsync-gateway) into <dir>, reusing files that are still valid.";

    /// <summary>Runs the command when <paramref name="args"/> names it; null otherwise (start the service).</summary>
    public static int? TryRun(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        if (args.Length == 0 || args[0] != Name)
        {
            return null;
        }

        output ??= Console.Out;
        error ??= Console.Error;
        if (!TryParse(args, out var directory, out var vaultNames, out var directorySyncNames))
        {
            error.WriteLine(UsageText);
            return Usage;
        }

        try
        {
            var files = InternalPki.Ensure(directory, vaultNames, directorySyncNames);
            output.WriteLine($"Internal PKI in {files.Directory}:");
            output.WriteLine($"  CA:             {files.CaCertificate} (key {files.CaKey}, keep it offline if you can)");
            output.WriteLine($"  vault:          {files.VaultCertificate} + {files.VaultKey}");
            output.WriteLine($"  directory-sync: {files.DirectorySyncCertificate} + {files.DirectorySyncKey}");
            output.WriteLine($"  gateway client: {files.GatewayCertificate} + {files.GatewayKey}");
            return Success;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException
            or InvalidOperationException or System.Security.Cryptography.CryptographicException)
        {
            error.WriteLine($"create-internal-pki failed: {exception.Message}");
            return Failure;
        }
    }

    private static bool TryParse(string[] args, out string directory, out List<string> vaultNames,
        out List<string> directorySyncNames)
    {
        directory = "";
        vaultNames = [];
        directorySyncNames = [];
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--vault-name" when i + 1 < args.Length:
                    vaultNames.Add(args[++i]);
                    break;
                case "--directory-sync-name" when i + 1 < args.Length:
                    directorySyncNames.Add(args[++i]);
                    break;
                case var positional when !positional.StartsWith("--", StringComparison.Ordinal) && directory.Length == 0:
                    directory = positional;
                    break;
                default:
                    return false;
            }
        }

        return directory.Length > 0;
    }
}
