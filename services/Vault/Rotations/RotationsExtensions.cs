namespace PasswordSync.Vault.Rotations;

public static class RotationsExtensions
{
    public static WebApplication MapRotations(this WebApplication app)
    {
        app.MapGrpcService<RotationJournalEndpoint>();
        return app;
    }
}
