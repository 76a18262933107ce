namespace PasswordSync.Vault.Jobs;

public static class JobsExtensions
{
    public static WebApplication MapJobs(this WebApplication app)
    {
        app.MapGrpcService<JobEndpoint>();
        return app;
    }
}
