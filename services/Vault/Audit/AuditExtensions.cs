namespace PasswordSync.Vault.Audit;

public static class AuditExtensions
{
    public static WebApplication MapAudit(this WebApplication app)
    {
        app.MapGrpcService<AuditLogEndpoint>();
        return app;
    }
}
