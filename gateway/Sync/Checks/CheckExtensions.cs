namespace PasswordSync.Gateway.Sync.Checks;

public static class CheckExtensions
{
    /// <summary>The lockout-safe check engine (IRecordChecker) and what the check calls need around it.</summary>
    public static IServiceCollection AddGatewayChecks(this IServiceCollection services)
    {
        services.AddOptions<CheckOptions>().BindConfiguration(CheckOptions.Section);
        services.AddSingleton<CheckEngine>();
        services.AddSingleton<CheckAudit>();
        services.AddSingleton<RecordChecker>();
        services.AddSingleton<IRecordChecker>(provider => provider.GetRequiredService<RecordChecker>());
        return services;
    }
}
