using Grpc.Net.Client.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PasswordSync.Directory.V1;
using PasswordSync.Vault.V1;

namespace PasswordSync.Gateway.Internal;

/// <summary>
/// gRPC clients of the vault and directory-sync: mutual TLS with the internal CA (or h2c to loopback in local insecure
/// mode), a deadline on every call, gRPC retries on Unavailable only, and the acting user in the actor header.
/// Deadlines and cancellation of the public call are deliberately NOT propagated automatically: a handler passes its
/// own token where the work may stop with the caller, and keeps going where it must not (a commit after a directory
/// write). Trace context flows through OpenTelemetry's gRPC client instrumentation.
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

        AddVaultClient<PasswordLists.PasswordListsClient>(builder.Services);
        AddVaultClient<PasswordRecords.PasswordRecordsClient>(builder.Services);
        AddVaultClient<PasswordGenerator.PasswordGeneratorClient>(builder.Services);
        AddVaultClient<RotationJournal.RotationJournalClient>(builder.Services);
        AddVaultClient<SyncMaterialService.SyncMaterialServiceClient>(builder.Services);
        AddVaultClient<TargetService.TargetServiceClient>(builder.Services);
        AddVaultClient<JobService.JobServiceClient>(builder.Services);
        AddVaultClient<ApiKeyService.ApiKeyServiceClient>(builder.Services);
        AddVaultClient<AuditLogService.AuditLogServiceClient>(builder.Services);
        AddClient<DirectorySync.DirectorySyncClient>(builder.Services, options => options.DirectorySyncAddress,
            InternalRetryPolicy.ForDirectorySync);
        return builder;
    }

    private static void AddVaultClient<TClient>(IServiceCollection services)
        where TClient : class =>
        AddClient<TClient>(services, options => options.VaultAddress, InternalRetryPolicy.ForVault);

    private static void AddClient<TClient>(IServiceCollection services, Func<InternalClientOptions, string?> address,
        Func<InternalClientOptions, ServiceConfig?> serviceConfig)
        where TClient : class =>
        services.AddGrpcClient<TClient>((provider, client) =>
                client.Address = new Uri(address(Options(provider))!))
            .ConfigureChannel((provider, channel) => channel.ServiceConfig = serviceConfig(Options(provider)))
            .ConfigurePrimaryHttpMessageHandler(provider =>
                InternalHttpHandler.Create(provider.GetRequiredService<InternalTlsCredentialsHolder>().Credentials))
            .AddInterceptor<DeadlineInterceptor>()
            .AddInterceptor<ActorHeaderInterceptor>();

    private static InternalClientOptions Options(IServiceProvider provider) =>
        provider.GetRequiredService<IOptions<InternalClientOptions>>().Value;
}
