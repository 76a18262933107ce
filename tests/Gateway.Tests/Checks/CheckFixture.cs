using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PasswordSync.Common.V1;
using PasswordSync.Gateway.Tests.Harness;
using PasswordSync.Testing;
using PasswordSync.Vault.V1;
using Record = PasswordSync.Vault.V1.Record;

namespace PasswordSync.Gateway.Tests.Checks;

/// <summary>
/// Real vault and directory-sync processes, the gateway in-process with its logs captured (to prove no password
/// reaches them) and a small candidate-check limit, and the test DC registered as an AD target. Lists, records and
/// targets are made through the vault's own gRPC services, the way the gateway's bootstrap reaches it, so these tests
/// do not depend on the public CRUD API.
/// </summary>
public sealed class CheckFixture : IAsyncLifetime
{
    /// <summary>Candidate checks allowed per account and window in these tests.</summary>
    public const int CandidateLimit = 2;

    private BackendProcesses? backends;
    private InProcessGateway? gateway;
    private WebApplicationFactory<Program>? logged;
    private GrpcChannel? vaultChannel;

    public LogCapture GatewayLogs { get; } = new();

    public BackendProcesses Backends => backends ?? throw new InvalidOperationException("Not started.");

    public string AdminKey { get; private set; } = "";

    /// <summary>The name records use as their "Domain or Host" to reach the test DC.</summary>
    public string DomainName { get; } = "chk-" + Guid.NewGuid().ToString("N")[..8] + ".pwsync.test";

    public string TargetId { get; private set; } = "";

    public PasswordLists.PasswordListsClient Lists => new(VaultChannel);

    public PasswordRecords.PasswordRecordsClient Records => new(VaultChannel);

    public SyncMaterialService.SyncMaterialServiceClient SyncMaterial => new(VaultChannel);

    public AuditLogService.AuditLogServiceClient Audit => new(VaultChannel);

    public RotationJournal.RotationJournalClient Journal => new(VaultChannel);

    public TargetService.TargetServiceClient Targets => new(VaultChannel);

    private GrpcChannel VaultChannel => vaultChannel ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync()
    {
        backends = await BackendProcesses.StartAsync();
        gateway = new InProcessGateway(backends, new Dictionary<string, string>
        {
            ["Gateway:Auth:CandidateChecksPerAccount"] = CandidateLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Gateway:Auth:CandidateCheckWindow"] = "00:15:00",
        });
        logged = gateway.WithWebHostBuilder(builder =>
            builder.ConfigureServices(services => services.AddLogging(logging => logging.AddProvider(GatewayLogs))));
        vaultChannel = backends.ChannelAsGateway(backends.VaultAddress);
        AdminKey = await gateway.CreateAdminKeyAsync();
    }

    /// <summary>The public Sync API as the holder of <paramref name="apiKey"/>.</summary>
    public V1.Sync.SyncClient Sync(string apiKey) => new(Channel(apiKey));

    public GrpcChannel Channel(string apiKey) =>
        GrpcChannel.ForAddress(Logged.Server.BaseAddress, new GrpcChannelOptions
        {
            HttpHandler = new BearerHandler(apiKey, Logged.Server.CreateHandler()),
        });

    public Task<string> CreateApiKeyAsync(string name, IEnumerable<ApiPermission> permissions,
        IEnumerable<string>? listIds = null) =>
        (gateway ?? throw new InvalidOperationException("Not started.")).CreateApiKeyAsync(name, permissions, listIds);

    /// <summary>Registers the test DC once (the first test that needs it), reached by its certificate's name.</summary>
    public async Task<string> EnsureTargetAsync()
    {
        if (TargetId.Length > 0)
        {
            return TargetId;
        }

        TargetId = await CreateTargetAsync(DomainName, CheckDomain.CaPem);
        return TargetId;
    }

    /// <summary>An AD target for the test DC under <paramref name="name"/>, trusting <paramref name="caPem"/>.</summary>
    public async Task<string> CreateTargetAsync(string name, string caPem)
    {
        var created = await new TargetService.TargetServiceClient(VaultChannel).CreateTargetAsync(new CreateTargetRequest
        {
            Target = new TargetSpec
            {
                Kind = TargetKind.ActiveDirectory,
                Names = { name },
                Endpoints = { $"{CheckDomain.Host}:{CheckDomain.Port}" },
                CaCertificatePem = caPem,
                BaseDn = CheckDomain.BaseDn,
                PrivilegedAccount = CheckDomain.AdminUser,
                PrivilegedPassword = CheckDomain.AdminPassword,
            },
        });
        return created.Id;
    }

    /// <summary>A list ready for synchronisation (User Name, Account Type, "Domain or Host"), or one that is not.</summary>
    public async Task<PasswordList> CreateListAsync(bool ready = true)
    {
        var fields = new FieldConfiguration
        {
            StandardFields = { StandardField.Title, StandardField.UserName },
        };
        if (ready)
        {
            fields.StandardFields.Add(StandardField.AccountType);
            fields.GenericFields.Add(new GenericField { Key = "generic1", Label = "Domain or Host" });
        }

        return await Lists.CreateListAsync(new CreateListRequest
        {
            List = new PasswordList { Name = "chk list " + Guid.NewGuid().ToString("N"), Fields = fields },
        });
    }

    /// <summary>A record of <paramref name="listId"/> for <paramref name="userName"/> on the test DC.</summary>
    public async Task<Record> CreateRecordAsync(string listId, string userName, string? password,
        AccountType type = AccountType.Windows, string? domainOrHost = null)
    {
        await EnsureTargetAsync();
        var request = new CreateRecordRequest
        {
            Record = new Record
            {
                ListId = listId,
                Title = "chk " + userName,
                UserName = userName,
                AccountType = type,
                GenericValues = { ["generic1"] = domainOrHost ?? DomainName },
            },
        };
        if (password is not null)
        {
            request.InitialPassword = password;
        }

        return await Records.CreateRecordAsync(request);
    }

    public async Task<Record> ReadRecordAsync(string id) => await Records.GetRecordAsync(new GetRecordRequest { Id = id });

    /// <summary>Audit events of one action (the vault's own log, queried directly).</summary>
    public async Task<IReadOnlyList<AuditEvent>> AuditAsync(string action, string? listId = null)
    {
        var response = await Audit.QueryAuditAsync(new QueryAuditRequest
        {
            Action = action,
            ListId = listId ?? "",
            PageSize = 1000,
        });
        return response.Events;
    }

    public async ValueTask DisposeAsync()
    {
        vaultChannel?.Dispose();
        if (logged is not null)
        {
            await logged.DisposeAsync();
        }

        if (gateway is not null)
        {
            await gateway.DisposeAsync();
        }

        if (backends is not null)
        {
            await backends.DisposeAsync();
        }
    }

    private WebApplicationFactory<Program> Logged => logged ?? throw new InvalidOperationException("Not started.");

    private sealed class BearerHandler(string apiKey, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
            CancellationToken cancellationToken)
        {
            request.Headers.Authorization = new("Bearer", apiKey);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
