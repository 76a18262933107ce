using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;

namespace PasswordSync.DirectorySync.Tests.Grpc;

/// <summary>Bad resilience settings stop the service at start-up with a message naming the setting.</summary>
public sealed class StartupValidationTests
{
    [Fact]
    public async Task Zero_concurrency_per_server_fails_the_start()
    {
        var error = await StartupFailure.OfAsync(() => new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("DirectorySync:Security:AllowInsecureLocalCalls", "true");
            web.UseSetting("DirectorySync:Resilience:MaxConcurrencyPerServer", "0");
        }));

        Assert.Contains("MaxConcurrencyPerServer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lockout_policy_cache_time_above_one_minute_fails_the_start()
    {
        var error = await StartupFailure.OfAsync(() => new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("DirectorySync:Security:AllowInsecureLocalCalls", "true");
            web.UseSetting("DirectorySync:LockoutPolicyCacheTime", "00:05:00");
        }));

        Assert.Contains("LockoutPolicyCacheTime", error.Message, StringComparison.Ordinal);
    }
}
