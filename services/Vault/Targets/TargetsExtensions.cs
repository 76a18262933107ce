namespace PasswordSync.Vault.Targets;

public static class TargetsExtensions
{
    public static WebApplication MapTargets(this WebApplication app)
    {
        app.MapGrpcService<TargetEndpoint>();
        return app;
    }
}
