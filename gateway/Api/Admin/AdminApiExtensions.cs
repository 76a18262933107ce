using PasswordSync.Gateway.Api.Admin;

// In the Api namespace on purpose: ApiExtensions (owned by the CRUD work) wires it with one line and no using.
namespace PasswordSync.Gateway.Api;

public static class AdminApiExtensions
{
    /// <summary>The public Admin service (API keys, audit); its dependencies come from Auth and Internal.</summary>
    public static WebApplication MapGatewayAdminApi(this WebApplication app)
    {
        app.MapGrpcService<AdminApi>();
        return app;
    }
}
