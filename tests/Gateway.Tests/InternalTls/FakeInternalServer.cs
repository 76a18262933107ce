using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PasswordSync.Gateway.Tests.InternalTls;

/// <summary>
/// A real Kestrel server on a loopback port (HTTP/2, over TLS with the given certificate or h2c) that answers every
/// gRPC method with a fixed status and no message, and counts the attempts it received per method. It stands in for a
/// vault or directory-sync that fails in a chosen way, which the real services cannot be made to do on demand.
/// </summary>
internal sealed class FakeInternalServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<(string Path, string? Timeout)> calls = new();

    private FakeInternalServer(WebApplication app) => this.app = app;

    /// <summary>The status every call gets (settable while running).</summary>
    public int Status { get; set; } = 14;

    /// <summary>When set, calls never answer (until the client gives up), to test deadlines.</summary>
    public bool Hang { get; set; }

    public Uri Address { get; private set; } = null!;

    public IReadOnlyList<(string Path, string? Timeout)> Calls => [.. calls];

    public int Attempts(string path) => calls.Count(c => c.Path == path);

    public static async Task<FakeInternalServer> StartAsync(X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        var server = new FakeInternalServer(app);
        app.MapPost("/{service}/{method}", server.AnswerAsync);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.Single();
        var port = new Uri(address).Port;
        server.Address = new Uri($"{(certificate is null ? "http" : "https")}://127.0.0.1:{port}");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
    }

    private async Task AnswerAsync(HttpContext context)
    {
        calls.Enqueue((context.Request.Path.Value!, context.Request.Headers["grpc-timeout"].FirstOrDefault()));
        if (Hang)
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        // A trailers-only gRPC response: the status travels in the headers, no message follows.
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["grpc-status"] = Status.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["grpc-message"] = "fake internal server";
    }
}
