using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using PasswordSync.Vault.Tests.Crypto;

namespace PasswordSync.Vault.Tests;

public sealed class HealthTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("pwsync-health-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Health_endpoint_reports_healthy()
    {
        // In-process test server: no TLS, so the vault runs in its explicit local-development mode.
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder => builder
            .UseSetting("Vault:Security:AllowInsecureLocalCalls", "true")
            .UseSetting("Vault:Storage:Sqlite:Path", Path.Combine(_directory, "vault.db"))
            .UseSetting("PASSWORDSYNC_VAULT_KEYRING", TestKeyrings.NewJson()));
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
