using System.DirectoryServices.Protocols;
using PasswordSync.DirectorySync.Connectors.Ldap;

namespace PasswordSync.DirectorySync.Connectors.OpenLdap;

/// <summary>The checklist of an LDAP target: each item says what was found and, when it failed, what to do.</summary>
internal static class OpenLdapTargetTest
{
    public static async Task<IReadOnlyList<TargetCheck>> RunAsync(LdapSessionFactory sessions, DirectoryTarget target,
        CancellationToken cancellationToken)
    {
        var checks = new List<TargetCheck>();
        var transport = LdapTransports.For(target);
        foreach (var endpoint in target.Endpoints)
        {
            var probe = await TlsProbe.ProbeAsync(endpoint, transport, target.CaCertificatePem,
                target.AcceptAnyCertificate, target.OperationTimeout, cancellationToken);
            checks.Add(probe.Outcome == TlsProbeOutcome.Unreachable
                ? new TargetCheck($"TCP {endpoint}", CheckStatus.Failed, probe.Detail,
                    "Check the host name and port, that the directory runs, and that no firewall blocks the port.")
                : new TargetCheck($"TCP {endpoint}", CheckStatus.Passed, "the port accepts connections", null));
            checks.Add(TlsCheck(target, endpoint, transport, probe));
        }

        try
        {
            using var session = await sessions.OpenAsync(target, null, target.PrivilegedAccount,
                target.PrivilegedPassword, LdapBindRole.Privileged, cancellationToken);
            checks.Add(new TargetCheck("Privileged bind", CheckStatus.Passed,
                $"{target.PrivilegedAccount} bound on {session.Server}", null));
            checks.Add(await BaseDnCheckAsync(session, target, cancellationToken));
            checks.Add(await PolicyCheckAsync(session, target, cancellationToken));
            checks.Add(new TargetCheck("Right to reset passwords", CheckStatus.Skipped,
                "OpenLDAP cannot report effective rights without writing a password; the first reset proves it "
                + "(a refusal is reported as insufficient rights).", null));
        }
        catch (DirectoryException exception)
        {
            checks.Add(new TargetCheck("Privileged bind", CheckStatus.Failed, exception.Message,
                "Fix the item above first, then the target's privileged DN and password."));
        }

        return checks;
    }

    private static TargetCheck TlsCheck(DirectoryTarget target, DirectoryEndpoint endpoint, LdapTransport transport,
        TlsProbeResult probe) =>
        probe.Outcome switch
        {
            TlsProbeOutcome.Trusted when target.AcceptAnyCertificate => new($"TLS {endpoint}", CheckStatus.Warning,
                $"{transport}: encrypted, but the certificate is not validated (the target accepts any certificate)",
                "Set the target's CA certificate and turn accept_any_certificate off."),
            TlsProbeOutcome.Trusted => new($"TLS {endpoint}", CheckStatus.Passed,
                $"{transport}: certificate trusted and names {endpoint.Host}", null),
            TlsProbeOutcome.Untrusted => new($"TLS {endpoint}", CheckStatus.Failed, probe.Detail,
                "Set the target's CA certificate to the CA that issued the directory's certificate."),
            TlsProbeOutcome.NameMismatch => new($"TLS {endpoint}", CheckStatus.Failed, probe.Detail,
                "Use the host name the certificate was issued for as the endpoint, or reissue the certificate."),
            TlsProbeOutcome.NoTls when transport == LdapTransport.Plaintext => new($"TLS {endpoint}",
                CheckStatus.Warning, "plaintext: passwords cross the network unencrypted (allowed by the target)",
                "Use LDAPS or StartTLS and turn off the target's plaintext permission."),
            TlsProbeOutcome.NoTls => new($"TLS {endpoint}", CheckStatus.Failed, probe.Detail,
                "Point the target at the LDAPS port, or enable StartTLS for it."),
            TlsProbeOutcome.NoAnswer => new($"TLS {endpoint}", CheckStatus.Failed, probe.Detail,
                "Check that the directory is not hung or overloaded, and that this port serves LDAP."),
            _ => new($"TLS {endpoint}", CheckStatus.Skipped, "not reachable", null),
        };

    private static async Task<TargetCheck> BaseDnCheckAsync(LdapSession session, DirectoryTarget target,
        CancellationToken cancellationToken)
    {
        try
        {
            await session.SearchAsync(target.BaseDn, "(objectClass=*)", SearchScope.Base, ["1.1"], target.BaseDn,
                cancellationToken);
            return new TargetCheck("Base DN", CheckStatus.Passed, $"{target.BaseDn} exists and is readable", null);
        }
        catch (DirectoryException exception)
        {
            return new TargetCheck("Base DN", CheckStatus.Failed, exception.Message,
                "Set the target's base DN to the entry that holds the accounts, readable by the privileged DN.");
        }
    }

    private static async Task<TargetCheck> PolicyCheckAsync(LdapSession session, DirectoryTarget target,
        CancellationToken cancellationToken)
    {
        try
        {
            var policies = await PasswordPolicyReader.FindAllAsync(session, target.BaseDn, cancellationToken);
            return policies.Count > 0
                ? new TargetCheck("Password policy", CheckStatus.Passed,
                    $"{policies.Count} pwdPolicy entries: {string.Join("; ", policies.Select(p => p.DistinguishedName))}",
                    null)
                : new TargetCheck("Password policy", CheckStatus.Warning,
                    "no pwdPolicy entry is visible: lockout state cannot be read, so checks cannot avoid lockouts",
                    "Load the ppolicy overlay with a default policy and let the privileged DN read pwdPolicy entries.");
        }
        catch (DirectoryException exception)
        {
            return new TargetCheck("Password policy", CheckStatus.Warning, exception.Message,
                "Let the privileged DN read the naming context's pwdPolicy entries.");
        }
    }
}
