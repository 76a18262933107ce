using PasswordSync.Directory.V1;
using PasswordSync.Vault.V1;

namespace PasswordSync.Gateway.Internal;

/// <summary>
/// gRPC clients of the vault and directory-sync (<c>Gateway:Vault:Address</c>, <c>Gateway:DirectorySync:Address</c>).
/// FIRST VERSION: plain clients with the actor header. To do: mutual TLS with the internal CA, deadlines on every call,
/// retry on Unavailable only.
/// </summary>
public static class InternalClientsExtensions
{
    public static WebApplicationBuilder AddGatewayInternalClients(this WebApplicationBuilder builder)
    {
        // Read when the first client is made, not here: hosts (and tests) may add configuration after this runs.
        const string vault = "Gateway:Vault:Address";
        const string directory = "Gateway:DirectorySync:Address";
        builder.Services.AddSingleton<ActorHeaderInterceptor>();

        AddClient<PasswordLists.PasswordListsClient>(builder.Services, vault);
        AddClient<PasswordRecords.PasswordRecordsClient>(builder.Services, vault);
        AddClient<PasswordGenerator.PasswordGeneratorClient>(builder.Services, vault);
        AddClient<RotationJournal.RotationJournalClient>(builder.Services, vault);
        AddClient<SyncMaterialService.SyncMaterialServiceClient>(builder.Services, vault);
        AddClient<TargetService.TargetServiceClient>(builder.Services, vault);
        AddClient<JobService.JobServiceClient>(builder.Services, vault);
        AddClient<ApiKeyService.ApiKeyServiceClient>(builder.Services, vault);
        AddClient<AuditLogService.AuditLogServiceClient>(builder.Services, vault);
        AddClient<DirectorySync.DirectorySyncClient>(builder.Services, directory);
        return builder;
    }

    private static void AddClient<TClient>(IServiceCollection services, string addressKey)
        where TClient : class =>
        services.AddGrpcClient<TClient>((provider, options) =>
                options.Address = new Uri(provider.GetRequiredService<IConfiguration>()[addressKey]
                    ?? throw new InvalidOperationException($"{addressKey} is not set.")))
            .AddInterceptor<ActorHeaderInterceptor>();
}
