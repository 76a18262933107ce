using Grpc.Health.V1;
using PasswordSync.Gateway.Tests.EndToEnd.Harness;
using PasswordSync.Gateway.Tests.InternalTls;

namespace PasswordSync.Gateway.Tests.Observability;

/// <summary>Probes every service's health like an orchestrator would: HTTP /health and the gRPC health service.</summary>
public static class HealthProbing
{
    public static async Task ProbeAllAsync(SuiteProcesses suite)
    {
        var token = TestContext.Current.CancellationToken;
        using (var http = suite.Http(apiKey: ""))
        {
            using var response = await http.GetAsync(new Uri("/health", UriKind.Relative), token);
            Assert.True(response.IsSuccessStatusCode, $"The gateway's /health answered {(int)response.StatusCode}");
        }

        using (var channel = suite.Channel())
        {
            var status = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), cancellationToken: token);
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, status.Status);
        }

        foreach (var address in new[] { suite.Backends.VaultHealthAddress, suite.Backends.DirectorySyncHealthAddress })
        {
            using (var http = new HttpClient(MutualTlsChannels.Handler(suite.Backends.Pki, clientCertificate: null)))
            {
                using var response = await http.GetAsync(new Uri(address, "/health"), token);
                Assert.True(response.IsSuccessStatusCode, $"{address}health answered {(int)response.StatusCode}");
            }

            using var channel = MutualTlsChannels.Connect(address, suite.Backends.Pki, clientCertificate: null);
            var status = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), cancellationToken: token);
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, status.Status);
        }
    }
}
