namespace PasswordSync.Gateway.Reports;

public static class ReportsExtensions
{
    public static WebApplicationBuilder AddGatewayReports(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SyncReportHandler>();
        return builder;
    }

    public static WebApplication MapGatewayReports(this WebApplication app) => app;
}
