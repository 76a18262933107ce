using Microsoft.Extensions.DependencyInjection.Extensions;
using PasswordSync.ServiceDefaults;

namespace PasswordSync.Vault.Records;

public static class RecordsEndpoints
{
    /// <summary>Records' services, the retention options (validated at start-up) and the purger of expired deletions.</summary>
    public static IHostApplicationBuilder AddPasswordRecords(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.AddValidatedOptions<RecordRetentionOptions>(RecordRetentionOptions.SectionName);
        builder.Services.AddSingleton<RecordSecrets>();
        builder.Services.AddSingleton<DeletedRecordPurger>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DeletedRecordPurger>());
        return builder;
    }

    public static WebApplication MapPasswordRecords(this WebApplication app)
    {
        app.MapGrpcService<RecordsService>();
        return app;
    }
}
