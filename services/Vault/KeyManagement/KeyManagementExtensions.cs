using PasswordSync.ServiceDefaults;

namespace PasswordSync.Vault.KeyManagement;

public static class KeyManagementExtensions
{
    public static IHostApplicationBuilder AddKeyManagement(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<KeyRotationOptions>(KeyRotationOptions.SectionName);
        builder.Services.AddSingleton<DataKeyRotator>();
        builder.Services.AddHostedService<DataKeyRotationService>();
        return builder;
    }

    public static WebApplication MapKeyManagement(this WebApplication app)
    {
        app.MapGrpcService<KeyManagementEndpoint>();
        return app;
    }
}
