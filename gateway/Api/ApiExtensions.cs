namespace PasswordSync.Gateway.Api;

public static class ApiExtensions
{
    /// <summary>SKELETON: lists, records, targets, passwords and admin services (pass-through to the vault).</summary>
    public static WebApplicationBuilder AddGatewayApi(this WebApplicationBuilder builder) => builder;

    public static WebApplication MapGatewayApi(this WebApplication app) => app.MapGatewayAdminApi();
}
