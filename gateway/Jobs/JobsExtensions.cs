namespace PasswordSync.Gateway.Jobs;

public static class JobsExtensions
{
    public static WebApplicationBuilder AddGatewayJobs(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<BulkJobHandler>();
        return builder;
    }

    public static WebApplication MapGatewayJobs(this WebApplication app) => app;
}
