using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PasswordSync.Vault.Keyrings;
using PasswordSync.Vault.Security;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.V1;

namespace PasswordSync.Vault.Tests.Integration;

/// <summary>
/// A running vault for integration tests, reached through a real <see cref="GrpcChannel"/> with generated clients.
/// Each host has its own temp folder (SQLite database and key ring), deleted on dispose. Exposes intent-level access:
/// clients per actor, the store to re-read what was (not) written, the database files and the captured logs.
/// </summary>
public sealed class VaultHost : IAsyncDisposable
{
    // The test server runs the vault in its explicit local mode, which warns loudly at every start: expected here.
    private const string ExpectedInsecureModeCategory = "PasswordSync.Vault.Security.SecurityStartupLog";

    private readonly VaultHostFactory factory;
    private readonly GrpcChannel channel;
    private readonly string folder;

    private VaultHost(string folder, FakeTimeProvider? time, IReadOnlyDictionary<string, string?> settings)
    {
        this.folder = folder;
        Time = time;
        DatabasePath = Path.Combine(folder, "vault.db");
        var keyringPath = Path.Combine(folder, "keyring.json");
        if (KeyringCommands.TryRun(["create-keyring", keyringPath], TextWriter.Null, Console.Error, TimeProvider.System)
            != KeyringCommands.Success)
        {
            throw new InvalidOperationException($"Could not create the test key ring at {keyringPath}.");
        }

        factory = new VaultHostFactory(DatabasePath, keyringPath, time, Logs, settings);
        try
        {
            channel = GrpcChannel.ForAddress(factory.Server.BaseAddress,
                new GrpcChannelOptions { HttpHandler = factory.Server.CreateHandler() });
        }
        catch
        {
            // The vault refused to start (tests check why): release what was made for it without hiding that reason.
            try
            {
                factory.Dispose();
            }
            catch (ObjectDisposedException)
            {
                // The failed start already tore the host down.
            }

            TryDeleteFolder();
            throw;
        }
    }

    /// <summary>Starts a vault. <paramref name="time"/> replaces the clock (store and services) when given.</summary>
    public static VaultHost Start(FakeTimeProvider? time = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "pwsync-vault-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return new VaultHost(folder, time, settings ?? new Dictionary<string, string?>());
    }

    /// <summary>The acting user named on calls that name no other.</summary>
    public const string DefaultActor = "test-user";

    public string DatabasePath { get; }

    public FakeTimeProvider? Time { get; }

    public VaultHostLogs Logs { get; } = new();

    public IServiceProvider Services => factory.Services;

    /// <summary>The vault's own store, to check what a call did or did not write.</summary>
    public IVaultStore Store => factory.Services.GetRequiredService<IVaultStore>();

    public PasswordLists.PasswordListsClient Lists(string actor = VaultHost.DefaultActor) =>
        new(As(actor));

    public PasswordRecords.PasswordRecordsClient Records(string actor = VaultHost.DefaultActor) =>
        new(As(actor));

    public V1.PasswordGenerator.PasswordGeneratorClient Generator(string actor = VaultHost.DefaultActor) =>
        new(As(actor));

    /// <summary>A plain HTTP client to the vault (health endpoint and other non-gRPC routes).</summary>
    public HttpClient CreateHttpClient() => factory.CreateClient();

    /// <summary>A call invoker that names <paramref name="actor"/> as the gateway does.</summary>
    public CallInvoker As(string actor) => channel.Intercept(metadata =>
    {
        metadata.Add(Caller.ActorHeader, actor);
        return metadata;
    });

    /// <summary>The bytes of the database file and of its write-ahead log (empty when there is none).</summary>
    public (byte[] Database, byte[] WriteAheadLog) ReadDatabaseFiles()
    {
        var wal = DatabasePath + "-wal";
        return (ReadShared(DatabasePath), File.Exists(wal) ? ReadShared(wal) : []);
    }

    /// <summary>Fails when the vault logged anything at Error level or above (an unexpected failure behind a passing call).</summary>
    public void AssertNoErrorsLogged()
    {
        var errors = Logs.Entries
            .Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error && e.Category != ExpectedInsecureModeCategory)
            .ToList();
        Assert.True(errors.Count == 0, "The vault logged errors:\n" + string.Join("\n", errors.Select(e => $"{e.Category}: {e.Message} {e.Exception}")));
    }

    /// <summary>The number of audit events so far, to prove a refused call appended none.</summary>
    public async Task<long> AuditCountAsync()
    {
        var verification = await Store.Audit.VerifyAsync(CancellationToken.None);
        return verification.HeadSequence;
    }

    public async ValueTask DisposeAsync()
    {
        channel.Dispose();
        await factory.DisposeAsync();
        TryDeleteFolder();
    }

    private void TryDeleteFolder()
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; failing the test over it is not.
        }
    }

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
