using System.Net;
using PasswordSync.DirectorySync.Connectors;
using PasswordSync.DirectorySync.Connectors.Ldap;
using PasswordSync.DirectorySync.Tests.OpenLdap;
using PasswordSync.Testing;

namespace PasswordSync.DirectorySync.Tests.Ldap;

/// <summary>
/// The shared probe against the real slapd (LDAPS and StartTLS ports, its CA and another CA). Hung and resetting
/// servers are simulated with a TCP relay on slapd's own address, so the certificate's name still matches.
/// </summary>
public sealed class TlsProbeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private readonly SlapdDirectory slapd = SlapdDirectory.Require();
    private readonly CancellationToken cancellation = TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_right_ca_and_name_are_trusted(bool startTls)
    {
        var transport = startTls ? LdapTransport.StartTls : LdapTransport.Ldaps;
        var probe = await ProbeAsync(slapd.Host, transport, slapd.CaPem);

        Assert.Equal(TlsProbeOutcome.Trusted, probe.Outcome);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_certificate_from_another_ca_is_untrusted(bool startTls)
    {
        var transport = startTls ? LdapTransport.StartTls : LdapTransport.Ldaps;
        var probe = await ProbeAsync(slapd.Host, transport, slapd.UntrustedCaPem);

        Assert.Equal(TlsProbeOutcome.Untrusted, probe.Outcome);
    }

    [Fact]
    public async Task An_address_the_certificate_does_not_name_is_a_name_mismatch()
    {
        var probe = await ProbeAsync(slapd.Address, LdapTransport.Ldaps, slapd.CaPem);

        Assert.Equal(TlsProbeOutcome.NameMismatch, probe.Outcome);
        var failure = TlsProbe.ToCertificateFailure(probe, new DirectoryEndpoint(slapd.Address, slapd.LdapsPort),
            slapd.Address, new InvalidOperationException("server down"));
        Assert.Equal(Common.V1.Reason.TlsNameMismatch, failure?.Reason);
    }

    [Fact]
    public async Task Accepting_any_certificate_trusts_what_would_fail_both_checks()
    {
        var probe = await TlsProbe.ProbeAsync(new DirectoryEndpoint(slapd.Address, slapd.LdapsPort),
            LdapTransport.Ldaps, slapd.UntrustedCaPem, acceptAnyCertificate: true, Timeout, cancellation);

        Assert.Equal(TlsProbeOutcome.Trusted, probe.Outcome);
        Assert.Contains("not validated", probe.Detail);
    }

    [Fact]
    public async Task Ldaps_against_the_plain_port_is_no_tls()
    {
        var probe = await TlsProbe.ProbeAsync(new DirectoryEndpoint(slapd.Host, slapd.LdapPort), LdapTransport.Ldaps,
            slapd.CaPem, acceptAnyCertificate: false, Timeout, cancellation);

        Assert.Equal(TlsProbeOutcome.NoTls, probe.Outcome);
        Assert.Null(TlsProbe.ToCertificateFailure(probe, new DirectoryEndpoint(slapd.Host, slapd.LdapPort), slapd.Host,
            new InvalidOperationException("server down")));
    }

    [Fact]
    public async Task A_closed_port_is_unreachable()
    {
        var probe = await TlsProbe.ProbeAsync(new DirectoryEndpoint(slapd.Host, 6399), LdapTransport.Ldaps,
            slapd.CaPem, acceptAnyCertificate: false, Timeout, cancellation);

        Assert.Equal(TlsProbeOutcome.Unreachable, probe.Outcome);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_server_that_accepts_but_never_answers_is_no_answer_within_the_timeout(bool startTls)
    {
        var transport = startTls ? LdapTransport.StartTls : LdapTransport.Ldaps;
        await using var relay = Relay(transport);
        relay.Mode = RelayMode.Freeze;
        var started = TimeProvider.System.GetTimestamp();

        var probe = await TlsProbe.ProbeAsync(new DirectoryEndpoint(slapd.Host, relay.Port), transport, slapd.CaPem,
            acceptAnyCertificate: false, TimeSpan.FromSeconds(1), cancellation);

        Assert.Equal(TlsProbeOutcome.NoAnswer, probe.Outcome);
        Assert.InRange(TimeProvider.System.GetElapsedTime(started), TimeSpan.Zero, TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task A_connection_reset_is_never_reported_as_a_certificate_problem()
    {
        // The reset can land before or during the handshake (Unreachable or NoTls): either way each connector keeps
        // its own classification, and neither may blame the certificate.
        await using var relay = Relay(LdapTransport.Ldaps);
        relay.Mode = RelayMode.Reset;

        var probe = await TlsProbe.ProbeAsync(new DirectoryEndpoint(slapd.Host, relay.Port), LdapTransport.Ldaps,
            slapd.CaPem, acceptAnyCertificate: false, Timeout, cancellation);

        Assert.Contains(probe.Outcome, new[] { TlsProbeOutcome.Unreachable, TlsProbeOutcome.NoTls });
        Assert.Null(TlsProbe.ToCertificateFailure(probe, new DirectoryEndpoint(slapd.Host, relay.Port), slapd.Host,
            new InvalidOperationException("server down")));
    }

    private TcpRelay Relay(LdapTransport transport) => new(IPAddress.Parse(slapd.Address),
        new IPEndPoint(IPAddress.Parse(slapd.Address), transport == LdapTransport.StartTls ? slapd.LdapPort : slapd.LdapsPort));

    private Task<TlsProbeResult> ProbeAsync(string host, LdapTransport transport, string caPem) =>
        TlsProbe.ProbeAsync(new DirectoryEndpoint(host, transport == LdapTransport.StartTls ? slapd.LdapPort : slapd.LdapsPort),
            transport, caPem, acceptAnyCertificate: false, Timeout, cancellation);
}
