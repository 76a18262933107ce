namespace PasswordSync.Vault.ApiKeys;

public static class ApiKeysExtensions
{
    public static WebApplication MapApiKeys(this WebApplication app)
    {
        app.MapGrpcService<ApiKeyEndpoint>();
        return app;
    }
}
