using PasswordSync.DirectorySync.Connectors;
using PasswordSync.DirectorySync.Connectors.ActiveDirectory;
using PasswordSync.DirectorySync.Grpc;
using PasswordSync.DirectorySync.Resilience;
using PasswordSync.DirectorySync.Security;
using PasswordSync.ServiceDefaults;

namespace PasswordSync.DirectorySync;

/// <summary>The one place where the DirectorySync service is wired.</summary>
public static class DirectorySyncExtensions
{
    public static IHostApplicationBuilder AddDirectorySync(this IHostApplicationBuilder builder)
    {
        // First: the gateway-only check must run before any other interceptor.
        builder.AddDirectorySyncSecurity();
        builder.Services.AddGrpc();
        builder.AddValidatedOptions<DirectorySyncOptions>(DirectorySyncOptions.Section);
        builder.AddValidatedOptions<ResilienceOptions>(ResilienceOptions.Section);
        builder.Services.AddDirectoryResilience();
        builder.Services.AddActiveDirectoryConnector();
        builder.Services.AddOpenLdapAndSshConnectors();
        builder.Services.AddSingleton<ConnectorCatalog>();
        builder.Services.AddSingleton<BulkPasswordsHandler>();
        return builder;
    }

    public static WebApplication MapDirectorySync(this WebApplication app)
    {
        app.MapGrpcService<DirectorySyncService>();
        return app;
    }
}
