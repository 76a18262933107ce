using PasswordSync.Common.V1;
using PasswordSync.DirectorySync.Connectors;

namespace PasswordSync.DirectorySync.Tests.OpenLdap;

public sealed class OpenLdapTransportSecurityTests : IDisposable
{
    private readonly SlapdDirectory slapd = SlapdDirectory.Require();
    private readonly OpenLdapTestConnector harness = new();
    private readonly CancellationToken cancellation = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_certificate_from_another_CA_is_reported_as_untrusted_not_as_a_down_server()
    {
        var target = slapd.Target() with { CaCertificatePem = slapd.UntrustedCaPem };

        var failure = await Assert.ThrowsAsync<DirectoryException>(() => harness.Connector.GetAccountStateAsync(target,
            new AccountName("anyone"), null, cancellation));

        Assert.Equal(Reason.TlsUntrusted, failure.Reason);
        Assert.Equal(FailureClass.Configuration, failure.FailureClass);
        Assert.DoesNotContain("unavailable", failure.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Reaching_the_server_by_a_name_its_certificate_does_not_carry_is_a_name_mismatch()
    {
        var target = slapd.Target() with { Endpoints = [new DirectoryEndpoint(slapd.Address, slapd.LdapsPort)] };

        var failure = await Assert.ThrowsAsync<DirectoryException>(() => harness.Connector.GetAccountStateAsync(target,
            new AccountName("anyone"), null, cancellation));

        Assert.Equal(Reason.TlsNameMismatch, failure.Reason);
        Assert.Equal(FailureClass.Configuration, failure.FailureClass);
    }

    [Fact]
    public async Task StartTls_on_the_plain_port_validates_the_certificate_and_works()
    {
        var password = SlapdDirectory.NewPassword();
        await using var user = await slapd.CreateUserAsync(password);
        var target = slapd.Target() with { Endpoints = [new DirectoryEndpoint(slapd.Host, slapd.LdapPort)], UseStartTls = true };

        var verified = await harness.Connector.VerifyAsync(target, new AccountName(user.Uid), new Secret(password), null,
            cancellation);
        var untrusted = await Assert.ThrowsAsync<DirectoryException>(() => harness.Connector.VerifyAsync(
            target with { CaCertificatePem = slapd.UntrustedCaPem }, new AccountName(user.Dn), new Secret(password), null,
            cancellation));

        Assert.Equal(VerifyOutcome.Accepted, verified.Outcome);
        Assert.Equal(Reason.TlsUntrusted, untrusted.Reason);
    }

    [Fact]
    public async Task A_plain_port_is_refused_unless_the_target_explicitly_allows_plaintext()
    {
        var password = SlapdDirectory.NewPassword();
        await using var user = await slapd.CreateUserAsync(password);
        var plainPort = slapd.Target() with { Endpoints = [new DirectoryEndpoint(slapd.Host, slapd.LdapPort)] };

        var refused = await Assert.ThrowsAsync<DirectoryException>(() => harness.Connector.VerifyAsync(plainPort,
            new AccountName(user.Dn), new Secret(password), null, cancellation));
        var allowed = await harness.Connector.VerifyAsync(plainPort with { AllowPlaintext = true },
            new AccountName(user.Dn), new Secret(password), null, cancellation);

        Assert.Equal(FailureClass.Configuration, refused.FailureClass);
        Assert.Contains("plaintext is used only when the target explicitly allows it", refused.Message);
        Assert.Equal(VerifyOutcome.Accepted, allowed.Outcome);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Accepting_any_certificate_is_an_explicit_logged_choice_that_skips_validation(bool startTls)
    {
        var password = SlapdDirectory.NewPassword();
        await using var user = await slapd.CreateUserAsync(password);
        // By address (the certificate names slapd.Host) and with a CA that did not issue it: both checks would fail.
        var endpoint = new DirectoryEndpoint(slapd.Address, startTls ? slapd.LdapPort : slapd.LdapsPort);
        var target = slapd.Target() with
        {
            Endpoints = [endpoint],
            CaCertificatePem = slapd.UntrustedCaPem,
            UseStartTls = startTls,
        };

        var refused = await Assert.ThrowsAsync<DirectoryException>(() => harness.Connector.VerifyAsync(target,
            new AccountName(user.Uid), new Secret(password), null, cancellation));
        var accepted = await harness.Connector.VerifyAsync(target with { AcceptAnyCertificate = true },
            new AccountName(user.Uid), new Secret(password), null, cancellation);

        Assert.Equal(FailureClass.Configuration, refused.FailureClass);
        Assert.Equal(VerifyOutcome.Accepted, accepted.Outcome);
        Assert.Contains(harness.Logs.GetSnapshot(), record => record.Id.Id == 3115
            && record.Level == Microsoft.Extensions.Logging.LogLevel.Warning
            && record.Message.Contains(endpoint.ToString(), StringComparison.Ordinal));
        Assert.DoesNotContain(password, harness.AllLogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accepting_any_certificate_for_one_target_does_not_weaken_the_next_connection()
    {
        var password = SlapdDirectory.NewPassword();
        await using var user = await slapd.CreateUserAsync(password);
        var untrusted = slapd.Target() with { CaCertificatePem = slapd.UntrustedCaPem };

        var accepted = await harness.Connector.VerifyAsync(untrusted with { AcceptAnyCertificate = true },
            new AccountName(user.Uid), new Secret(password), null, cancellation);
        var failure = await Assert.ThrowsAsync<DirectoryException>(() => harness.Connector.VerifyAsync(untrusted,
            new AccountName(user.Uid), new Secret(password), null, cancellation));

        Assert.Equal(VerifyOutcome.Accepted, accepted.Outcome);
        Assert.Equal(Reason.TlsUntrusted, failure.Reason);
    }

    [Fact]
    public async Task The_target_test_warns_that_certificate_validation_is_off()
    {
        var target = slapd.Target() with { CaCertificatePem = slapd.UntrustedCaPem, AcceptAnyCertificate = true };

        var checks = await harness.Connector.TestAsync(target, cancellation);

        var tls = Assert.Single(checks, check => check.Name.StartsWith("TLS", StringComparison.Ordinal));
        Assert.Equal(CheckStatus.Warning, tls.Status);
        Assert.Contains("accept_any_certificate", tls.Remedy);
        Assert.Contains(checks, check => check.Name == "Privileged bind" && check.Status == CheckStatus.Passed);
    }

    [Fact]
    public async Task A_CA_setting_that_is_not_a_PEM_certificate_is_a_configuration_problem()
    {
        var target = slapd.Target() with { CaCertificatePem = "not a certificate" };

        var failure = await Assert.ThrowsAsync<DirectoryException>(() => harness.Connector.GetAccountStateAsync(target,
            new AccountName("anyone"), null, cancellation));

        Assert.Equal(FailureClass.Configuration, failure.FailureClass);
        Assert.Contains("PEM", failure.Message);
    }

    [Fact]
    public async Task A_port_nobody_listens_on_is_transient()
    {
        var target = slapd.Target() with { Endpoints = [new DirectoryEndpoint(slapd.Host, 6399)] };

        var failure = await Assert.ThrowsAsync<DirectoryException>(() => harness.Connector.GetAccountStateAsync(target,
            new AccountName("anyone"), null, cancellation));

        Assert.Equal(FailureClass.Transient, failure.FailureClass);
        Assert.Equal(Reason.Transient, failure.Reason);
    }

    [Fact]
    public async Task A_port_nobody_listens_on_is_transient_for_a_plaintext_target_too()
    {
        var target = slapd.Target() with { Endpoints = [new DirectoryEndpoint(slapd.Host, 6399)], AllowPlaintext = true };

        var failure = await Assert.ThrowsAsync<DirectoryException>(() => harness.Connector.GetAccountStateAsync(target,
            new AccountName("anyone"), null, cancellation));

        Assert.Equal(FailureClass.Transient, failure.FailureClass);
    }

    [Fact]
    public async Task A_transient_failure_of_the_first_endpoint_moves_to_the_next()
    {
        var password = SlapdDirectory.NewPassword();
        await using var user = await slapd.CreateUserAsync(password);
        var target = slapd.Target() with
        {
            Endpoints = [new DirectoryEndpoint("127.0.0.1", 6399), new DirectoryEndpoint(slapd.Host, slapd.LdapsPort)],
        };

        var verified = await harness.Connector.VerifyAsync(target, new AccountName(user.Uid), new Secret(password), null,
            cancellation);

        Assert.Equal(VerifyOutcome.Accepted, verified.Outcome);
        Assert.Equal(slapd.Host, verified.Server);
    }

    [Fact]
    public async Task The_target_test_passes_for_a_good_target_and_names_the_TLS_fix_for_a_wrong_CA()
    {
        var good = await harness.Connector.TestAsync(slapd.Target(), cancellation);
        var wrongCa = await harness.Connector.TestAsync(slapd.Target() with { CaCertificatePem = slapd.UntrustedCaPem },
            cancellation);

        Assert.All(good.Where(check => check.Status != CheckStatus.Skipped),
            check => Assert.Equal(CheckStatus.Passed, check.Status));
        Assert.Contains(good, check => check.Name == "Password policy" && check.Detail.Contains("cn=default"));
        var tls = Assert.Single(wrongCa, check => check.Name.StartsWith("TLS", StringComparison.Ordinal));
        Assert.Equal(CheckStatus.Failed, tls.Status);
        Assert.Contains("CA certificate", tls.Remedy);
        Assert.Contains(wrongCa, check => check.Name == "Privileged bind" && check.Status == CheckStatus.Failed);
    }

    public void Dispose() => harness.Dispose();
}
