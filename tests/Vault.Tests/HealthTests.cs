using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

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
            .UseSetting("PASSWORDSYNC_VAULT_KEYRING",
                $$"""{"formatVersion":1,"activeVersion":1,"keys":[{"version":1,"key":"{{Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}}"}]}"""));
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
