using PasswordSync.ServiceDefaults;

namespace PasswordSync.Gateway.Reports;

public static class ReportsExtensions
{
    public static WebApplicationBuilder AddGatewayReports(this WebApplicationBuilder builder)
    {
        builder.AddValidatedOptions<SyncReportOptions>(SyncReportOptions.Section);
        builder.Services.AddSingleton<SyncReportHandler>();
        return builder;
    }

    public static WebApplication MapGatewayReports(this WebApplication app) => app;
}
