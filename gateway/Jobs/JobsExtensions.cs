using PasswordSync.ServiceDefaults;

namespace PasswordSync.Gateway.Jobs;

public static class JobsExtensions
{
    /// <summary>Bulk rotation jobs: the API handler and the runner that claims and runs jobs on every instance.</summary>
    public static WebApplicationBuilder AddGatewayJobs(this WebApplicationBuilder builder)
    {
        builder.AddValidatedOptions<JobRunnerOptions>(JobRunnerOptions.Section);
        builder.Services.AddSingleton<JobProgressBoard>();
        builder.Services.AddSingleton<RotationFateLookup>();
        builder.Services.AddSingleton<BulkDirectoryApply>();
        builder.Services.AddSingleton<BatchRotationEngine>();
        builder.Services.AddSingleton<BulkJobPlanner>();
        builder.Services.AddSingleton<JobViews>();
        builder.Services.AddSingleton<JobRunner>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<JobRunner>());
        builder.Services.AddSingleton<BulkJobHandler>();
        return builder;
    }

    public static WebApplication MapGatewayJobs(this WebApplication app) => app;
}
