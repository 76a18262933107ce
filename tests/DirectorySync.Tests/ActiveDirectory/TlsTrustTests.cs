using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PasswordSync.Directory.V1;

namespace PasswordSync.DirectorySync.Tests.ActiveDirectory;

/// <summary>
/// Certificate problems must be reported as TLS problems (not "server unavailable"), never retried and never counted
/// by the circuit breaker (real Samba DC; libldap reports them only as "server down").
/// </summary>
public sealed class TlsTrustTests : IAsyncLifetime
{
    private readonly DirectorySyncHost host = new();

    [Fact]
    public async Task Certificate_from_another_ca_is_reported_untrusted_without_retries_or_circuit()
    {
        var target = SambaDomain.Target();
        target.CaCertificatePem = OtherCaPem();

        // More failures than the breaker's minimum throughput: it must still not open.
        for (var i = 0; i < 4; i++)
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.VerifyPasswordAsync(
                new VerifyPasswordRequest { Target = target, Account = "Administrator", Password = "x" },
                cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);
            Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
            Assert.Equal("TLS_UNTRUSTED", error.GetReason());
            Assert.DoesNotContain("LDAP server is unavailable", error.Status.Detail, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("CA", error.Status.Detail, StringComparison.Ordinal);
        }

        Assert.Equal(0, host.Logs.Count(DirectorySyncHost.RetryEventId));
        Assert.Equal(0, host.Logs.Count(DirectorySyncHost.CircuitOpenedEventId));
    }

    [Fact]
    public async Task Host_name_not_in_the_certificate_is_reported_as_a_name_mismatch_without_retries()
    {
        // The DC's address instead of the name its certificate was issued to.
        var target = SambaDomain.Target(host: SambaDomain.Address);

        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.GetAccountStateAsync(
            new GetAccountStateRequest { Target = target, Account = "Administrator" },
            cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("TLS_NAME_MISMATCH", error.GetReason());
        Assert.Contains(SambaDomain.Address, error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(0, host.Logs.Count(DirectorySyncHost.RetryEventId));
    }

    [Fact]
    public async Task Test_target_reports_the_untrusted_certificate_with_a_remedy()
    {
        var target = SambaDomain.Target();
        target.CaCertificatePem = OtherCaPem();

        var test = await host.Client.TestTargetAsync(new TestTargetRequest { Target = target },
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.False(test.Passed);
        Assert.Contains(test.Checks, c => c.Name.StartsWith("TCP reachability", StringComparison.Ordinal)
            && c.Status == CheckStatus.Passed);
        var tls = Assert.Single(test.Checks, c => c.Name.StartsWith("TLS trust", StringComparison.Ordinal));
        Assert.Equal(CheckStatus.Failed, tls.Status);
        Assert.Contains("CA", tls.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accept_any_certificate_works_only_when_the_target_says_so_and_is_logged()
    {
        var user = SambaDomain.CreateUser();
        var target = SambaDomain.Target(host: SambaDomain.Address);
        target.CaCertificatePem = "";
        target.AcceptAnyCertificate = true;

        var verify = await host.Client.VerifyPasswordAsync(new VerifyPasswordRequest
        {
            Target = target,
            Account = user.Name,
            Password = user.Password,
        }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(VerifyOutcome.Accepted, verify.Outcome);
        Assert.Contains(host.Logs.Entries, e => e.EventId == 2100);
        host.Logs.AssertNoneContains([user.Password]);
    }

    private static string OtherCaPem()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Some Other CA", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return certificate.ExportCertificatePem();
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        host.Logs.AssertNoneContains([SambaDomain.AdminPassword]);
        await host.DisposeAsync();
    }
}
