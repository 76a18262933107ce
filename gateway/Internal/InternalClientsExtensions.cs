using Grpc.Net.Client.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PasswordSync.Directory.V1;
using PasswordSync.Vault.V1;

namespace PasswordSync.Gateway.Internal;

/// <summary>
/// gRPC clients of the vault and directory-sync: mutual TLS with the internal CA (or h2c to loopback in local insecure
/// mode), a deadline on every call, gRPC retries on Unavailable only, and the acting user in the actor header.
/// Call-context propagation (the public call's deadline and cancellation reach the internal call) is on for the clients
/// whose calls may stop with the caller: reads and edits of lists, records, targets, generation, audit, and backup / restore (a restore whose
/// uploader hangs up must stop before it replaces anything; once copying, the vault finishes it regardless). It is
/// deliberately OFF for the rotation journal, sync material, jobs, API-key lookups (shared by concurrent callers) and
/// directory-sync: a caller hanging up must never cut a commit after a directory write or a write in flight; those
/// handlers pass their own tokens. Trace context flows through OpenTelemetry's gRPC client instrumentation.
/// </summary>
public static class InternalClientsExtensions
{
    public static WebApplicationBuilder AddGatewayInternalClients(this WebApplicationBuilder builder)
    {
        // Bound when first resolved, not here: hosts (and tests) may add configuration after this runs.
        builder.Services.AddOptions<InternalClientOptions>()
            .BindConfiguration(InternalClientOptions.SectionName)
            .Configure<IConfiguration>((options, configuration) =>
            {
                options.VaultAddress = configuration[InternalClientOptions.VaultAddressKey];
                options.DirectorySyncAddress = configuration[InternalClientOptions.DirectorySyncAddressKey];
            })
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<InternalClientOptions>, InternalClientOptionsValidator>());
        builder.Services.AddSingleton<InternalTlsCredentialsHolder>();
        builder.Services.AddSingleton<ActorHeaderInterceptor>();
        builder.Services.AddSingleton<DeadlineInterceptor>();

        AddVaultClient<PasswordLists.PasswordListsClient>(builder.Services, propagateCallContext: true);
        AddVaultClient<PasswordRecords.PasswordRecordsClient>(builder.Services, propagateCallContext: true);
        AddVaultClient<PasswordGenerator.PasswordGeneratorClient>(builder.Services, propagateCallContext: true);
        AddVaultClient<RotationJournal.RotationJournalClient>(builder.Services);
        AddVaultClient<SyncMaterialService.SyncMaterialServiceClient>(builder.Services);
        AddVaultClient<TargetService.TargetServiceClient>(builder.Services, propagateCallContext: true);
        AddVaultClient<JobService.JobServiceClient>(builder.Services);
        AddVaultClient<ApiKeyService.ApiKeyServiceClient>(builder.Services);
        AddVaultClient<AuditLogService.AuditLogServiceClient>(builder.Services, propagateCallContext: true);
        AddVaultClient<VaultBackup.VaultBackupClient>(builder.Services, propagateCallContext: true);
        AddClient<DirectorySync.DirectorySyncClient>(builder.Services, options => options.DirectorySyncAddress,
            InternalRetryPolicy.ForDirectorySync);
        return builder;
    }

    private static void AddVaultClient<TClient>(IServiceCollection services, bool propagateCallContext = false)
        where TClient : class
    {
        var client = AddClient<TClient>(services, options => options.VaultAddress, InternalRetryPolicy.ForVault);
        if (propagateCallContext)
        {
            // Outside a public call (background services) there is no context to propagate: not an error.
            client.EnableCallContextPropagation(options => options.SuppressContextNotFoundErrors = true);
        }
    }

    private static IHttpClientBuilder AddClient<TClient>(IServiceCollection services,
        Func<InternalClientOptions, string?> address,
        Func<InternalClientOptions, ServiceConfig?> serviceConfig)
        where TClient : class =>
        services.AddGrpcClient<TClient>((provider, client) =>
                client.Address = new Uri(address(Options(provider))!))
            .ConfigureChannel((provider, channel) => channel.ServiceConfig = serviceConfig(Options(provider)))
            .ConfigurePrimaryHttpMessageHandler(provider =>
                InternalHttpHandler.Create(provider.GetRequiredService<InternalTlsCredentialsHolder>().Credentials))
            .AddInterceptor<DeadlineInterceptor>()
            .AddInterceptor<ActorHeaderInterceptor>()
            // IHttpClientFactory's logging handlers open a log scope and time every call even when their lines are
            // filtered out (GatewayExtensions: Warning): a sync report makes one internal call per account.
            .RemoveAllLoggers();

    private static InternalClientOptions Options(IServiceProvider provider) =>
        provider.GetRequiredService<IOptions<InternalClientOptions>>().Value;
}
