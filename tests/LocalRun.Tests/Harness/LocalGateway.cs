using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using PasswordSync.Testing;

namespace PasswordSync.LocalRun.Tests.Harness;

/// <summary>
/// The gateway run.sh started, called as its printed curl line does: over HTTPS trusting exactly the public certificate
/// run.sh generated (chain to it, name must match: nothing turns validation off), with the bootstrap admin key.
/// </summary>
public static class LocalGateway
{
    public static string KeyPath(LocalRunSettings settings) =>
        Path.Combine(settings.StateDirectory, "gateway", "bootstrap-admin.key");

    public static string CertificatePath(LocalRunSettings settings) =>
        Path.Combine(settings.StateDirectory, "gateway", "public-certificate.pem");

    public static string BootstrapKey(LocalRunSettings settings) => File.ReadAllText(KeyPath(settings)).Trim();

    /// <summary>An HTTP/JSON client with the key (the bootstrap key by default; "" for none).</summary>
    public static HttpClient Client(LocalRunSettings settings, string? apiKey = null)
    {
        var trusted = X509CertificateLoader.LoadCertificateFromFile(CertificatePath(settings));
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, presented, _, errors) => PinnedTrust.Accepts(trusted, presented, errors),
            },
        };
        var client = new HttpClient(handler)
        {
            BaseAddress = new Uri($"https://localhost:{settings.GatewayPort}"),
            Timeout = TimeSpan.FromMinutes(2),
        };
        var key = apiKey ?? BootstrapKey(settings);
        if (key.Length > 0)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }
}
