using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace PasswordSync.DirectorySync.Tests;

public sealed class HealthTests
{
    [Fact]
    public async Task Health_endpoint_reports_healthy()
    {
        await using var factory = new WebApplicationFactory<Program>();
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
