using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace PasswordSync.DirectorySync.Tests;

public sealed class HealthTests
{
    [Fact]
    public async Task Health_endpoint_reports_healthy()
    {
        // The in-process test server has no TLS: the explicit local mode (tests/Security covers mutual TLS).
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
            web.UseSetting("DirectorySync:Security:AllowInsecureLocalCalls", "true"));
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
