using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Grpc.Net.Client;
using PasswordSync.Gateway.Internal;
using PasswordSync.ServiceDefaults.InternalTls;

namespace PasswordSync.Gateway.Tests.Harness;

/// <summary>
/// The vault (SQLite store, fresh key ring, in a temporary state folder) and directory-sync, each a real process on
/// free loopback ports, both accepting only the gateway over mutual TLS with an internal PKI generated for this
/// instance (<see cref="Pki"/>, in the state folder); health on separate ports without client certificates.
/// </summary>
public sealed class BackendProcesses : IAsyncDisposable
{
    // Which PKI serves which running backend address, so a test holding only an address can still connect as the gateway.
    private static readonly ConcurrentDictionary<string, InternalPkiFiles> PkiByAuthority = new();

    private BackendProcesses(string stateDirectory, InternalPkiFiles pki, ServiceProcess vault,
        ServiceProcess directorySync, ServicePorts vaultPorts, ServicePorts directorySyncPorts)
    {
        StateDirectory = stateDirectory;
        Pki = pki;
        Vault = vault;
        DirectorySync = directorySync;
        VaultAddress = new Uri($"https://127.0.0.1:{vaultPorts.Grpc}");
        DirectorySyncAddress = new Uri($"https://127.0.0.1:{directorySyncPorts.Grpc}");
        VaultHealthAddress = new Uri($"https://127.0.0.1:{vaultPorts.Health}");
        DirectorySyncHealthAddress = new Uri($"https://127.0.0.1:{directorySyncPorts.Health}");
        PkiByAuthority[VaultAddress.Authority] = pki;
        PkiByAuthority[DirectorySyncAddress.Authority] = pki;
    }

    public string StateDirectory { get; }

    public ServiceProcess Vault { get; }

    public ServiceProcess DirectorySync { get; }

    public Uri VaultAddress { get; }

    public Uri DirectorySyncAddress { get; }

    /// <summary>The vault's health port (TLS, no client certificate).</summary>
    public Uri VaultHealthAddress { get; }

    /// <summary>Directory-sync's health port (TLS, no client certificate).</summary>
    public Uri DirectorySyncHealthAddress { get; }

    /// <summary>The internal PKI both services trust (CA, server certificates, the gateway's client certificate).</summary>
    public InternalPkiFiles Pki { get; }

    /// <summary>The vault's SQLite database file (tests search it for plaintext passwords).</summary>
    public string VaultDatabasePath => Path.Combine(StateDirectory, "vault.db");

    /// <summary>Configuration that points a gateway at these backends.</summary>
    public IReadOnlyDictionary<string, string> GatewayConfiguration => new Dictionary<string, string>
    {
        ["Gateway:Vault:Address"] = VaultAddress.ToString(),
        ["Gateway:DirectorySync:Address"] = DirectorySyncAddress.ToString(),
        ["Gateway:Internal:CaPath"] = Pki.CaCertificate,
        ["Gateway:Internal:ClientCertificatePath"] = Pki.GatewayCertificate,
        ["Gateway:Internal:ClientKeyPath"] = Pki.GatewayKey,
    };

    /// <summary>The gateway's own credentials (client certificate, internal CA), as the gateway loads them.</summary>
    public InternalTlsCredentials LoadGatewayCredentials() =>
        InternalTlsCredentials.Load(Pki.CaCertificate, Pki.GatewayCertificate, Pki.GatewayKey);

    /// <summary>A channel to <paramref name="address"/> presenting the gateway's client certificate (dispose both).</summary>
    public GrpcChannel ChannelAsGateway(Uri address) => ChannelAsGateway(address, Pki);

    /// <summary>
    /// A channel to a running backend's <paramref name="address"/> (<see cref="VaultAddress"/> or
    /// <see cref="DirectorySyncAddress"/>) presenting the gateway's client certificate: what tests that call a backend
    /// directly use instead of <c>GrpcChannel.ForAddress(address)</c>, which the backends now refuse.
    /// </summary>
    public static GrpcChannel ChannelFor(Uri address) =>
        PkiByAuthority.TryGetValue(address.Authority, out var pki)
            ? ChannelAsGateway(address, pki)
            : throw new InvalidOperationException($"{address} is not the address of running backends.");

    private static GrpcChannel ChannelAsGateway(Uri address, InternalPkiFiles pki) =>
        GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = new CredentialsOwningHandler(
                InternalTlsCredentials.Load(pki.CaCertificate, pki.GatewayCertificate, pki.GatewayKey)),
            DisposeHttpClient = true,
        });

    /// <summary>The vault's key file (in the state folder).</summary>
    public string KeyringPath => Path.Combine(StateDirectory, "vault.keyring");

    /// <summary>
    /// Starts fresh backends: an empty database and a new key file, or a copy of <paramref name="keyringFile"/> (a
    /// fresh install that kept the key file of another one, as a restore from backup needs). The optional dictionaries
    /// add environment variables (e.g. OTEL_*) to each service.
    /// </summary>
    public static async Task<BackendProcesses> StartAsync(string? keyringFile = null,
        IReadOnlyDictionary<string, string>? vaultEnvironment = null,
        IReadOnlyDictionary<string, string>? directorySyncEnvironment = null)
    {
        var state = System.IO.Directory.CreateTempSubdirectory("pwsync-gw-test-").FullName;
        var keyring = Path.Combine(state, "vault.keyring");
        if (keyringFile is null)
        {
            await CreateKeyringAsync(keyring);
        }
        else
        {
            File.Copy(keyringFile, keyring);
        }

        var pki = InternalPki.Ensure(Path.Combine(state, "pki"));

        var vaultPorts = new ServicePorts(FreePort.Next(), FreePort.Next());
        var vaultSettings = SecuritySettings("Vault", vaultPorts, pki, pki.VaultCertificate, pki.VaultKey);
        vaultSettings["Vault__KeyringFile"] = keyring;
        vaultSettings["Vault__Storage__Sqlite__Path"] = Path.Combine(state, "vault.db");
        AddAll(vaultSettings, vaultEnvironment);
        var vault = ServiceProcess.Start("vault", ServiceBinaries.Vault, vaultSettings);

        var directorySyncPorts = new ServicePorts(FreePort.Next(), FreePort.Next());
        var directorySyncSettings = SecuritySettings("DirectorySync", directorySyncPorts, pki,
            pki.DirectorySyncCertificate, pki.DirectorySyncKey);
        AddAll(directorySyncSettings, directorySyncEnvironment);
        var directorySync = ServiceProcess.Start("directory-sync", ServiceBinaries.DirectorySync, directorySyncSettings);

        var backends = new BackendProcesses(state, pki, vault, directorySync, vaultPorts, directorySyncPorts);
        try
        {
            await vault.WaitForPortAsync(vaultPorts.Grpc, TimeSpan.FromSeconds(60));
            await directorySync.WaitForPortAsync(directorySyncPorts.Grpc, TimeSpan.FromSeconds(60));
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
        PkiByAuthority.TryRemove(VaultAddress.Authority, out _);
        PkiByAuthority.TryRemove(DirectorySyncAddress.Authority, out _);
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

    // The services' mutual-TLS settings (section <Service>:Security), as environment variables.
    private static Dictionary<string, string> SecuritySettings(string service, ServicePorts ports, InternalPkiFiles pki,
        string certificate, string key) => new()
        {
            [$"{service}__Security__ListenAddress"] = "127.0.0.1",
            [$"{service}__Security__GrpcPort"] = ports.Grpc.ToString(CultureInfo.InvariantCulture),
            [$"{service}__Security__HealthPort"] = ports.Health.ToString(CultureInfo.InvariantCulture),
            [$"{service}__Security__ServerCertificatePath"] = certificate,
            [$"{service}__Security__ServerKeyPath"] = key,
            [$"{service}__Security__ClientCaPath"] = pki.CaCertificate,
        };

    private static void AddAll(Dictionary<string, string> settings, IReadOnlyDictionary<string, string>? extra)
    {
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            settings[key] = value;
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

    private sealed record ServicePorts(int Grpc, int Health);

    // Keeps the credentials alive as long as the channel's handler, and releases them with it.
    private sealed class CredentialsOwningHandler(InternalTlsCredentials credentials)
        : DelegatingHandler(InternalHttpHandler.Create(credentials))
    {
        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing)
            {
                credentials.Dispose();
            }
        }
    }
}
