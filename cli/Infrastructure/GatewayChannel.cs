using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;
using PasswordSync.Cli.Configuration;

namespace PasswordSync.Cli.Infrastructure;

/// <summary>
/// The gRPC channel to the gateway: HTTP/2 over TLS, the API key as a bearer token on every call. With a CA file the
/// gateway must present a chain to one of its certificates under a matching name; without one, the system's trust
/// store decides. Validation is never turned off.
/// </summary>
public static class GatewayChannel
{
    public static GrpcChannel Open(ConnectionSettings settings)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions(),
            ConnectTimeout = TimeSpan.FromSeconds(15),
            EnableMultipleHttp2Connections = true,
        };
        if (settings.CaFile is { } caFile)
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(caFile);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                TrustedBy(roots, certificate, errors);
        }

        return GrpcChannel.ForAddress(settings.Url, new GrpcChannelOptions
        {
            HttpHandler = new BearerHandler(settings.ApiKey, handler),
            MaxReceiveMessageSize = 64 * 1024 * 1024,
            DisposeHttpClient = true,
        });
    }

    private static bool TrustedBy(X509Certificate2Collection roots, X509Certificate? presented, SslPolicyErrors errors)
    {
        // Only the chain may fail the system's check (the CA is not in the system store); a name mismatch may not.
        if (presented is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        return chain.Build(leaf);
    }

    private sealed class BearerHandler(string apiKey, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
            CancellationToken cancellationToken)
        {
            request.Headers.Authorization = new("Bearer", apiKey);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
