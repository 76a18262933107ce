using System.Net;
using PasswordSync.Vault.Tests.Integration;

namespace PasswordSync.Vault.Tests;

public sealed class HealthTests
{
    [Fact]
    public async Task Health_endpoint_reports_healthy()
    {
        // The vault needs its store and key ring to start; VaultHost gives it temporary ones.
        await using var host = VaultHost.Start();
        using var client = host.CreateHttpClient();
        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
