using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PasswordSync.Gateway.Tests.Harness;
using PasswordSync.Testing;

namespace PasswordSync.Gateway.Tests.Edge;

/// <summary>
/// Request logs name the method, path and status, never the query string or the body: a secret a caller puts in
/// either never reaches a log line (ASP.NET Core's own request lines, which print the full URL, are turned down), and
/// healthy probes do not flood the log.
/// </summary>
public sealed class RequestLoggingTests(BackendsFixture suite) : IClassFixture<BackendsFixture>
{
    private const string Secret = "Logged-Secret-3b8d!";

    [Fact]
    public async Task Secrets_in_query_strings_and_bodies_never_reach_the_logs_but_each_request_is_logged()
    {
        var ct = TestContext.Current.CancellationToken;
        var capture = new LogCapture();
        await using var gateway = suite.Gateway.WithWebHostBuilder(host =>
            host.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(capture)));
        using var http = gateway.CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", suite.AdminKey);

        using var health = await http.GetAsync(new Uri($"/health?token={Secret}", UriKind.Relative), ct);
        using var refusedQuery = await http.GetAsync(new Uri($"/v1/jobs/job-1?password={Secret}", UriKind.Relative), ct);
        using var refusedBody = await http.PostAsync(new Uri("/v1/records/edge-log:saveAndSync", UriKind.Relative),
            new StringContent($$"""{"pasword": "{{Secret}}"}""", Encoding.UTF8, "application/json"), ct);
        using var served = await http.PostAsync(new Uri("/v1/records/edge-log:saveAndSync", UriKind.Relative),
            new StringContent($$"""{"newPassword": "{{Secret}}"}""", Encoding.UTF8, "application/json"), ct);

        Assert.True(health.IsSuccessStatusCode);
        capture.AssertNoneContains([Secret]);
        var requestLines = capture.Entries.Where(e => e.EventId is 4010 or 4011).Select(e => e.Text).ToList();
        // A healthy probe is logged at Debug only: orchestrators probe every few seconds.
        Assert.DoesNotContain(capture.Entries, e => e.Level >= LogLevel.Information
                                                    && e.Text.Contains("/health", StringComparison.Ordinal));
        Assert.Contains(requestLines, line => line.Contains("GET /v1/jobs/job-1 answered 400", StringComparison.Ordinal));
        Assert.Equal(2, requestLines.Count(line =>
            line.Contains("POST /v1/records/edge-log:saveAndSync answered", StringComparison.Ordinal)));
        Assert.DoesNotContain(capture.Entries, e => e.Category == "Microsoft.AspNetCore.Hosting.Diagnostics"
                                                    && e.Level < LogLevel.Warning);
    }
}
