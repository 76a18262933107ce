using PasswordSync.Gateway.Sync.Checks;

namespace PasswordSync.Gateway.Sync;

public static class SyncExtensions
{
    /// <summary>Checks, save and sync, rotate: handlers and engines.</summary>
    public static WebApplicationBuilder AddGatewaySync(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AccountLocks>();
        builder.Services.AddOptions<CrashPointOptions>().BindConfiguration(CrashPointOptions.Section);
        builder.Services.AddSingleton<CrashPoints>();
        builder.Services.AddSingleton<ISyncEligibilityEvaluator, SyncEligibilityEvaluator>();
        builder.Services.AddSingleton<CheckPasswordHandler>();
        builder.Services.AddGatewayChecks();
        builder.Services.AddSingleton<SaveAndSyncHandler>();
        return builder;
    }

    public static WebApplication MapGatewaySync(this WebApplication app)
    {
        app.MapGrpcService<SyncApi>();
        return app;
    }
}
