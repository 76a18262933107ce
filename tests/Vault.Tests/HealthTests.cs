using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using PasswordSync.Vault.Tests.Crypto;

namespace PasswordSync.Vault.Tests;

public sealed class HealthTests
{
    [Fact]
    public async Task Health_endpoint_reports_healthy()
    {
        await using var factory = new WebApplicationFactory<Program>()
            .WithWebHostBuilder(host => host.UseSetting("PASSWORDSYNC_VAULT_KEYRING", TestKeyrings.NewJson()));
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
