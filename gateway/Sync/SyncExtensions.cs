using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PasswordSync.Gateway.Sync.Checks;
using PasswordSync.Gateway.Sync.Rotation;

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
        AddRotation(builder.Services);
        return builder;
    }

    /// <summary>The crash-safe rotation engine; its timing is validated at start-up (lease vs apply deadline).</summary>
    private static void AddRotation(IServiceCollection services)
    {
        services.AddOptions<RotationOptions>().BindConfiguration(RotationOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RotationOptions>, RotationOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DirectoryApplier>();
        services.AddSingleton<FirstOutcomeLookup>();
        services.AddSingleton<IRecordRotator, RecordRotator>();
    }

    public static WebApplication MapGatewaySync(this WebApplication app)
    {
        app.MapGrpcService<SyncApi>();
        return app;
    }
}
