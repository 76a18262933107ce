using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PasswordSync.Vault.Crypto;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Rotations;
using PasswordSync.Vault.Security;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.Storage.Sqlite;

namespace PasswordSync.Vault.Tests.Security;

/// <summary>
/// The real vault (its Program) on Kestrel on loopback ports, with mutual TLS configured from certificates made in the
/// test, SQLite in a temporary folder and a keyring given inline. Tests talk to it through real gRPC channels, as
/// the gateway (or an impostor) would, and read the store directly only to check what was (not) written.
/// </summary>
internal sealed class MtlsVaultHost : IAsyncDisposable
{
    private readonly VaultFactory _factory;
    private readonly List<GrpcChannel> _channels = [];

    private readonly bool _ownsState;

    private MtlsVaultHost(VaultFactory factory, VaultHostState state, bool ownsState, int grpcPort, int healthPort)
    {
        _factory = factory;
        _ownsState = ownsState;
        State = state;
        GrpcPort = grpcPort;
        HealthPort = healthPort;
    }

    public VaultHostState State { get; }

    public int GrpcPort { get; }

    public int HealthPort { get; }

    public LogCapture Logs => _factory.Logs;

    public IVaultStore Store => _factory.Services.GetRequiredService<IVaultStore>();

    public IRecordCipher Cipher => _factory.Services.GetRequiredService<IRecordCipher>();

    /// <summary>Starts a vault on <paramref name="state"/> (a new one when null: fresh PKI, database and keyring).</summary>
    public static MtlsVaultHost Start(VaultHostState? state = null,
        IReadOnlyDictionary<string, string?>? extraSettings = null)
    {
        var ownsState = state is null;
        state ??= new VaultHostState();
        var (grpcPort, healthPort) = TwoFreePorts();
        var (certificate, key, ca) = state.Pki.WriteServerFiles(state.Directory);
        var settings = new Dictionary<string, string?>
        {
            ["Vault:Security:ListenAddress"] = "127.0.0.1",
            ["Vault:Security:GrpcPort"] = grpcPort.ToString(),
            ["Vault:Security:HealthPort"] = healthPort.ToString(),
            ["Vault:Security:ServerCertificatePath"] = certificate,
            ["Vault:Security:ServerKeyPath"] = key,
            ["Vault:Security:ClientCaPath"] = ca,
            ["Vault:Security:GatewaySubject"] = TestPki.GatewaySubject,
            ["Vault:Storage:Sqlite:Path"] = state.DatabasePath,
            ["PASSWORDSYNC_VAULT_KEYRING"] = state.KeyringJson,
        };
        foreach (var (name, value) in extraSettings ?? new Dictionary<string, string?>())
        {
            settings[name] = value;
        }

        var factory = new VaultFactory(settings, state.DatabasePath);
        factory.UseKestrel();
        factory.StartServer();
        return new MtlsVaultHost(factory, state, ownsState, grpcPort, healthPort);
    }

    /// <summary>A call invoker as the gateway, naming <paramref name="actor"/> in the actor header when given.</summary>
    public CallInvoker AsGateway(string? actor = null) => Connect(State.Pki.Gateway, actor);

    /// <summary>A call invoker presenting <paramref name="clientCertificate"/> (none when null).</summary>
    public CallInvoker Connect(X509Certificate2? clientCertificate, string? actor = null, int? port = null)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = clientCertificate is null ? null : [clientCertificate],
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                    certificate is X509Certificate2 server
                    && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0
                    && State.Pki.IsTrustedServer(server),
            },
        };
        var channel = GrpcChannel.ForAddress($"https://127.0.0.1:{port ?? GrpcPort}",
            new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
        _channels.Add(channel);
        return actor is null
            ? channel.CreateCallInvoker()
            : channel.Intercept(metadata =>
            {
                metadata.Add(Caller.ActorHeader, actor);
                return metadata;
            });
    }

    /// <summary>Creates a list and a record in it (through the store: the record API is another feature's).</summary>
    public async Task<PasswordRecord> SeedRecordAsync(string? password, string domainOrHost = "pwsync.test",
        string userName = "svc-app", int preventReuseCount = 0)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var now = DateTimeOffset.UtcNow;
        var list = await Store.Lists.CreateAsync(new PasswordList
        {
            Id = NewId(),
            Name = "list " + NewId(),
            Fields = new FieldConfiguration(StandardFields.Title | StandardFields.UserName | StandardFields.AccountType,
                [new GenericField("generic1", "Domain or Host")]),
            PreventReuseCount = preventReuseCount,
            CreatedAt = now,
            UpdatedAt = now,
        }, new AuditDraft { Action = AuditAction.ListCreated, Actor = "test" }, cancellationToken);
        var id = NewId();
        var dataKey = Cipher.NewDataKey(id);
        return await Store.Records.CreateAsync(new PasswordRecord
        {
            Id = id,
            ListId = list.Id,
            Title = "record " + id,
            UserName = userName,
            AccountType = AccountKind.Windows,
            GenericValues = new Dictionary<string, string> { ["generic1"] = domainOrHost },
            DomainOrHost = domainOrHost,
            DataKey = dataKey,
            SealedPassword = password is null ? null : Cipher.Seal(dataKey, id, RecordFields.Password, password),
            PasswordChangedAt = password is null ? null : now,
            CreatedAt = now,
            UpdatedAt = now,
        }, new AuditDraft { Action = AuditAction.RecordCreated, Actor = "test", ListId = list.Id, RecordId = id },
            cancellationToken);
    }

    public async Task<PasswordRecord> ReadRecordAsync(string id) =>
        await Store.Records.GetAsync(id, TestContext.Current.CancellationToken)
        ?? throw new InvalidOperationException($"record {id} vanished");

    public string OpenCurrentPassword(PasswordRecord record) =>
        Cipher.Open(record.DataKey, record.Id, RecordFields.Password, record.SealedPassword!);

    public async Task<IReadOnlyList<AuditEvent>> AuditOfRecordAsync(string recordId) =>
        (await Store.Audit.QueryAsync(new AuditQuery(RecordId: recordId), PageRequest.First(PageRequest.MaxSize),
            TestContext.Current.CancellationToken)).Items;

    public static string NewId() => Guid.NewGuid().ToString("N");

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        await _factory.DisposeAsync();
        if (_ownsState)
        {
            State.Dispose();
        }
    }

    // Both listeners stay open until both ports are known, so the OS cannot hand out the same port twice.
    internal static (int First, int Second) TwoFreePorts()
    {
        using var first = new TcpListener(IPAddress.Loopback, 0);
        using var second = new TcpListener(IPAddress.Loopback, 0);
        first.Start();
        second.Start();
        return (((IPEndPoint)first.LocalEndpoint).Port, ((IPEndPoint)second.LocalEndpoint).Port);
    }

    private sealed class VaultFactory(IReadOnlyDictionary<string, string?> settings, string databasePath)
        : WebApplicationFactory<Program>
    {
        public LogCapture Logs { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            foreach (var (name, value) in settings)
            {
                builder.UseSetting(name, value);
            }

            // Everything reaches the capture (a secret at Debug level is still a leak); the console keeps its defaults.
            builder.ConfigureLogging(logging => logging.AddProvider(Logs).AddFilter<LogCapture>(_ => true));
            builder.ConfigureTestServices(services =>
            {
                // Until the service wiring registers the store and crypto from configuration itself.
                if (services.All(d => d.ServiceType != typeof(IVaultStore)))
                {
                    services.AddSqliteVaultStore(databasePath);
                }

                if (services.All(d => d.ServiceType != typeof(IRecordCipher)))
                {
                    services.AddVaultCrypto(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
                }
            });
        }
    }
}

/// <summary>What survives a host restart: PKI, database folder and keyring.</summary>
internal sealed class VaultHostState : IDisposable
{
    public VaultHostState()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("pwsync-vault-api2-").FullName;
        KeyringJson = KeyringWith(1, (1, FirstKek));
    }

    /// <summary>KEK version 1, the keyring's only key until a test rotates.</summary>
    public byte[] FirstKek { get; } = RandomNumberGenerator.GetBytes(32);

    public TestPki Pki { get; } = new();

    public string Directory { get; }

    public string DatabasePath => Path.Combine(Directory, "vault.db");

    public string KeyringJson { get; set; }

    /// <summary>A keyring JSON (the vault's key file format) with the given KEKs and active version.</summary>
    public static string KeyringWith(int active, params (int Version, byte[] Key)[] keys) =>
        System.Text.Json.JsonSerializer.Serialize(new
        {
            formatVersion = 1,
            activeVersion = active,
            keys = keys.Select(k => new { version = k.Version, key = Convert.ToBase64String(k.Key) }),
        });

    public void Dispose()
    {
        Pki.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a disposing host; the temp folder is cleaned by the OS eventually.
        }
    }
}
