using System.Diagnostics;

namespace PasswordSync.Gateway.Tests.Harness;

/// <summary>
/// The vault (SQLite store, fresh key ring, in a temporary state folder) and directory-sync, each a real process on
/// free loopback ports. FIRST VERSION: both in their local insecure mode (h2c on loopback); the internal-TLS work
/// switches this to mutual TLS with a generated internal CA.
/// </summary>
public sealed class BackendProcesses : IAsyncDisposable
{
    private BackendProcesses(string stateDirectory, ServiceProcess vault, ServiceProcess directorySync,
        int vaultPort, int directorySyncPort)
    {
        StateDirectory = stateDirectory;
        Vault = vault;
        DirectorySync = directorySync;
        VaultAddress = new Uri($"http://127.0.0.1:{vaultPort}");
        DirectorySyncAddress = new Uri($"http://127.0.0.1:{directorySyncPort}");
    }

    public string StateDirectory { get; }

    public ServiceProcess Vault { get; }

    public ServiceProcess DirectorySync { get; }

    public Uri VaultAddress { get; }

    public Uri DirectorySyncAddress { get; }

    /// <summary>The vault's SQLite database file (tests search it for plaintext passwords).</summary>
    public string VaultDatabasePath => Path.Combine(StateDirectory, "vault.db");

    /// <summary>Configuration that points a gateway at these backends.</summary>
    public IReadOnlyDictionary<string, string> GatewayConfiguration => new Dictionary<string, string>
    {
        ["Gateway:Vault:Address"] = VaultAddress.ToString(),
        ["Gateway:DirectorySync:Address"] = DirectorySyncAddress.ToString(),
    };

    public static async Task<BackendProcesses> StartAsync()
    {
        var state = System.IO.Directory.CreateTempSubdirectory("pwsync-gw-test-").FullName;
        var keyring = Path.Combine(state, "vault.keyring");
        await CreateKeyringAsync(keyring);

        var vaultPort = FreePort.Next();
        var vault = ServiceProcess.Start("vault", ServiceBinaries.Vault, new Dictionary<string, string>
        {
            ["Vault__KeyringFile"] = keyring,
            ["Vault__Storage__Sqlite__Path"] = Path.Combine(state, "vault.db"),
            ["Vault__Security__AllowInsecureLocalCalls"] = "true",
            ["Vault__Security__GrpcPort"] = vaultPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Vault__Security__HealthPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        var directoryPort = FreePort.Next();
        var directorySync = ServiceProcess.Start("directory-sync", ServiceBinaries.DirectorySync,
            new Dictionary<string, string>
            {
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{directoryPort}",
                ["Kestrel__EndpointDefaults__Protocols"] = "Http2",
            });

        var backends = new BackendProcesses(state, vault, directorySync, vaultPort, directoryPort);
        try
        {
            await vault.WaitForPortAsync(vaultPort, TimeSpan.FromSeconds(60));
            await directorySync.WaitForPortAsync(directoryPort, TimeSpan.FromSeconds(60));
        }
        catch
        {
            await backends.DisposeAsync();
            throw;
        }

        return backends;
    }

    public async ValueTask DisposeAsync()
    {
        await Vault.DisposeAsync();
        await DirectorySync.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(StateDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a dying process: the temp folder is cleaned by the OS eventually.
        }
    }

    private static async Task CreateKeyringAsync(string path)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(ServiceBinaries.Vault);
        info.ArgumentList.Add("create-keyring");
        info.ArgumentList.Add(path);
        using var process = Process.Start(info)!;
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"create-keyring failed ({process.ExitCode}): {stderr}");
        }
    }
}
