using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PasswordSync.Gateway.Internal;

namespace PasswordSync.Gateway.Tests.InternalTls;

/// <summary>
/// The gateway's internal clients exactly as the gateway registers them (<see cref="InternalClientsExtensions"/>),
/// built from the given configuration without the rest of the gateway, so tests can point them at any server.
/// </summary>
internal sealed class InternalClientsHost : IAsyncDisposable
{
    private readonly WebApplication app;

    public InternalClientsHost(IReadOnlyDictionary<string, string?> configuration)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.AddGatewayInternalClients();
        app = builder.Build();
    }

    public IServiceProvider Services => app.Services;

    public T Client<T>()
        where T : class => app.Services.GetRequiredService<T>();

    public ValueTask DisposeAsync() => app.DisposeAsync();
}
