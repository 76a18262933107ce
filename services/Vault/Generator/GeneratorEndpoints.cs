namespace PasswordSync.Vault.Generator;

public static class GeneratorEndpoints
{
    public static WebApplication MapPasswordGenerator(this WebApplication app)
    {
        app.MapGrpcService<GeneratorService>();
        return app;
    }
}
