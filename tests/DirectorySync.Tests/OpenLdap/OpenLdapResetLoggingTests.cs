using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using PasswordSync.DirectorySync.Connectors;
using PasswordSync.DirectorySync.Grpc;
using PasswordSync.DirectorySync.Resilience;

namespace PasswordSync.DirectorySync.Tests.OpenLdap;

/// <summary>
/// A successful reset through the service as hosted (connector, Polly pipeline, logging as configured) prints no
/// line at Information or above: at a thousand resets a second, a line each cost more CPU than the reset. Failures
/// still log (see the connector and resilience tests).
/// </summary>
public sealed class OpenLdapResetLoggingTests
{
    [Fact]
    public async Task Successful_resets_through_the_hosted_service_log_nothing_at_information_or_above()
    {
        var slapd = SlapdDirectory.Require();
        var logs = new FakeLogCollector();
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("DirectorySync:Security:AllowInsecureLocalCalls", "true");
            web.ConfigureLogging(logging => logging.AddProvider(new FakeLoggerProvider(logs)));
        });
        var directory = factory.Services.GetRequiredService<ResilientDirectory>();
        var connector = factory.Services.GetRequiredService<ConnectorCatalog>().For(DirectoryKind.Ldap);
        await using var user = await slapd.CreateUserAsync(SlapdDirectory.NewPassword());
        var passwords = Enumerable.Range(0, 3).Select(_ => SlapdDirectory.NewPassword()).ToList();
        logs.Clear();

        foreach (var password in passwords)
        {
            await directory.ResetAsync(connector, slapd.Target(), new AccountName(user.Uid), new Secret(password),
                verifyAfterWrite: true, null, TestContext.Current.CancellationToken);
        }

        Assert.True(await slapd.BindsAsync(user.Dn, passwords[^1]));
        var loud = logs.GetSnapshot().Where(r => r.Level >= LogLevel.Information)
            .Select(r => $"{r.Level} {r.Category}: {r.Message}").ToList();
        Assert.True(loud.Count == 0, string.Join('\n', loud));
    }
}
