using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PasswordSync.Vault.Lists;

public static class ListsEndpoints
{
    public static IHostApplicationBuilder AddPasswordLists(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        return builder;
    }

    public static WebApplication MapPasswordLists(this WebApplication app)
    {
        app.MapGrpcService<ListsService>();
        return app;
    }
}
