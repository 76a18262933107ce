using PasswordSync.Gateway.Api.Lists;
using PasswordSync.Gateway.Api.Passwords;
using PasswordSync.Gateway.Api.Records;
using PasswordSync.Gateway.Api.Targets;

namespace PasswordSync.Gateway.Api;

public static class ApiExtensions
{
    /// <summary>Lists, records, targets, passwords and admin services: authorised pass-through to the vault.</summary>
    public static WebApplicationBuilder AddGatewayApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ScopedListPager>();
        builder.Services.AddSingleton<RecordListIds>();
        return builder;
    }

    public static WebApplication MapGatewayApi(this WebApplication app)
    {
        app.MapGrpcService<ListsApi>();
        app.MapGrpcService<RecordsApi>();
        app.MapGrpcService<TargetsApi>();
        app.MapGrpcService<PasswordsApi>();
        app.MapGatewayAdminApi();
        return app;
    }
}
