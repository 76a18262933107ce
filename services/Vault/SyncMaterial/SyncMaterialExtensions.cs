namespace PasswordSync.Vault.SyncMaterial;

public static class SyncMaterialExtensions
{
    public static WebApplication MapSyncMaterial(this WebApplication app)
    {
        app.MapGrpcService<SyncMaterialEndpoint>();
        return app;
    }
}
