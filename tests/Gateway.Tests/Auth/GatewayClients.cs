using System.Net.Http.Headers;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Mvc.Testing;

namespace PasswordSync.Gateway.Tests.Auth;

/// <summary>
/// Clients of any in-process gateway factory (including ones derived with WithWebHostBuilder), with an exact
/// Authorization header, or none.
/// </summary>
internal static class GatewayClients
{
    public static GrpcChannel Channel(WebApplicationFactory<Program> gateway, string? authorization) =>
        GrpcChannel.ForAddress(gateway.Server.BaseAddress, new GrpcChannelOptions
        {
            HttpHandler = new AuthorizationHandler(authorization, gateway.Server.CreateHandler()),
        });

    public static string Bearer(string key) => "Bearer " + key;

    public static HttpClient Http(WebApplicationFactory<Program> gateway, string? apiKey)
    {
        var client = gateway.CreateClient();
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    private sealed class AuthorizationHandler(string? authorization, HttpMessageHandler inner)
        : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
            CancellationToken cancellationToken)
        {
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
