using PasswordSync.ServiceDefaults;

namespace PasswordSync.Vault.Backup;

public static class BackupExtensions
{
    /// <summary>Backup and restore limits (<c>Vault:Backup</c>), checked at start-up.</summary>
    public static IHostApplicationBuilder AddVaultBackup(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<BackupOptions>(BackupOptions.SectionName);
        return builder;
    }

    public static WebApplication MapVaultBackup(this WebApplication app)
    {
        app.MapGrpcService<BackupEndpoint>();
        return app;
    }
}
