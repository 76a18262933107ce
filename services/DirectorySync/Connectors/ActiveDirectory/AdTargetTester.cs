using System.DirectoryServices.Protocols;
using PasswordSync.DirectorySync.Connectors.Ldap;

namespace PasswordSync.DirectorySync.Connectors.ActiveDirectory;

/// <summary>
/// The checklist of an AD target, each item with what to do when it fails: TCP and TLS for every DC, then (on the
/// first DC that works) the privileged bind, the base DN, the right to reset passwords under it, the domain's
/// password policy, whether its fine-grained policies are readable, and the PDC emulator.
/// </summary>
internal sealed class AdTargetTester(PdcLocator pdcLocator)
{
    public async Task<IReadOnlyList<TargetCheck>> TestAsync(DirectoryTarget target, AdConnector connector,
        CancellationToken cancellationToken)
    {
        var checks = new List<TargetCheck>();
        DirectoryEndpoint? usable = null;
        foreach (var endpoint in target.Endpoints)
        {
            if (await CheckEndpointAsync(target, endpoint, checks, cancellationToken))
            {
                usable ??= endpoint;
            }
        }

        if (usable is null)
        {
            checks.Add(Skipped("Privileged bind", "No DC could be reached over TLS."));
            return checks;
        }

        try
        {
            await connector.WithPrivilegedAsync(target, usable, "testing the target", directory =>
            {
                checks.Add(new TargetCheck($"Privileged bind on {usable}", CheckStatus.Passed,
                    $"Bound as {target.PrivilegedAccount}.", null));
                CheckDirectory(directory, target, checks);
                return true;
            }, cancellationToken);
        }
        catch (DirectoryException e)
        {
            checks.Add(new TargetCheck($"Privileged bind on {usable}", CheckStatus.Failed, e.Message,
                "Fix the privileged account or its password in the target's settings."));
            return checks;
        }

        await CheckPdcAsync(target, connector, checks, cancellationToken);
        return checks;
    }

    private static async Task<bool> CheckEndpointAsync(DirectoryTarget target, DirectoryEndpoint endpoint,
        List<TargetCheck> checks, CancellationToken cancellationToken)
    {
        var probe = await AdTlsProbe.ProbeAsync(target, endpoint, cancellationToken);
        if (probe.Outcome == TlsProbeOutcome.Unreachable)
        {
            checks.Add(new TargetCheck($"TCP reachability of {endpoint}", CheckStatus.Failed, probe.Detail,
                $"Check that {endpoint.Host} resolves, that the DC runs and that port {endpoint.Port} (LDAPS) is open "
                + "from the directory-sync host."));
            return false;
        }

        checks.Add(new TargetCheck($"TCP reachability of {endpoint}", CheckStatus.Passed, "Connected.", null));
        var name = $"TLS trust and name of {endpoint}";
        checks.Add(probe.Outcome switch
        {
            TlsProbeOutcome.Trusted when target.AcceptAnyCertificate => new TargetCheck(name, CheckStatus.Warning,
                "Certificate validation is turned off for this target.",
                "Configure the CA that issued the DC's certificate and turn accept_any_certificate off."),
            TlsProbeOutcome.Trusted => new TargetCheck(name, CheckStatus.Passed, probe.Detail, null),
            TlsProbeOutcome.Untrusted => new TargetCheck(name, CheckStatus.Failed,
                $"The certificate is not issued by the target's CA ({probe.Detail}).",
                "Put the CA certificate that issued the DC's certificate in the target's settings."),
            TlsProbeOutcome.NameMismatch => new TargetCheck(name, CheckStatus.Failed,
                $"The certificate does not name '{endpoint.Host}' ({probe.Detail}).",
                "Use the DC's name as its certificate gives it (its FQDN) in the target's endpoints."),
            _ => new TargetCheck(name, CheckStatus.Failed, probe.Detail,
                $"Check that port {endpoint.Port} serves LDAPS (TLS from the first byte), not plain LDAP."),
        });
        return probe.Outcome == TlsProbeOutcome.Trusted;
    }

    private static void CheckDirectory(AdDirectory directory, DirectoryTarget target, List<TargetCheck> checks)
    {
        if (directory.ReadEntry(target.BaseDn, "distinguishedName") is null)
        {
            checks.Add(new TargetCheck("Base DN", CheckStatus.Failed, $"'{target.BaseDn}' does not exist.",
                "Set the target's base DN to the domain (DC=...) or the OU that holds the accounts."));
            return;
        }

        checks.Add(new TargetCheck("Base DN", CheckStatus.Passed, $"'{target.BaseDn}' exists.", null));
        checks.Add(CheckResetRight(directory, target));
        checks.Add(CheckPasswordPolicy(directory));
        checks.Add(CheckFineGrainedPolicies(directory));
    }

    /// <summary>
    /// Whether the privileged account can read every PSO (AD shows them to administrators only by default): without
    /// that, an account under a PSO has no known lockout policy, so checks skip its bind, and state reads stay full.
    /// </summary>
    private static TargetCheck CheckFineGrainedPolicies(AdDirectory directory)
    {
        const string name = "Fine-grained password policies readable";
        var set = AdPolicySetReader.Read(directory);
        if (!set.Complete)
        {
            return new TargetCheck(name, CheckStatus.Warning,
                "The privileged account cannot read the domain's fine-grained password policies (PSOs), so an account "
                + "a PSO applies to has no known lockout policy: its password checks are skipped rather than risk a "
                + "lockout.",
                $"Give the privileged account read access to CN=Password Settings Container,CN=System,"
                + $"{directory.DomainDn()} (its PSOs inherit it).");
        }

        var lowest = set.FineGrained.Select(p => p.Lockout.Threshold).Where(t => t > 0).DefaultIfEmpty(0).Min();
        return new TargetCheck(name, CheckStatus.Passed, set.FineGrained.Count == 0
            ? "The domain has no fine-grained password policy."
            : $"{set.FineGrained.Count} fine-grained password policies readable (lowest lockout threshold: "
              + $"{(lowest > 0 ? lowest.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none")}).",
            null);
    }

    /// <summary>
    /// The right to reset: AD lists, per object and per caller, the attributes the caller may write
    /// (allowedAttributesEffective). unicodePwd in that list on an account under the base DN proves the right without
    /// touching any password.
    /// </summary>
    private static TargetCheck CheckResetRight(AdDirectory directory, DirectoryTarget target)
    {
        const string name = "Right to reset passwords under the base DN";
        var sample = directory.Search(new SearchRequest(target.BaseDn,
                "(&(objectCategory=person)(objectClass=user)(!(isCriticalSystemObject=TRUE)))", SearchScope.Subtree,
                "sAMAccountName", "userPrincipalName")
        { SizeLimit = 20 }, "looking for a sample account")
            .FirstOrDefault(e => !IsPrivilegedAccount(e, target.PrivilegedAccount));
        if (sample is null)
        {
            return Skipped(name, "No account other than the privileged one exists under the base DN to check on.");
        }

        var entry = directory.ReadEntry(sample.DistinguishedName, "allowedAttributesEffective");
        var writable = entry is null ? [] : AdEntry.Strings(entry, "allowedAttributesEffective");
        return writable.Contains("unicodePwd", StringComparer.OrdinalIgnoreCase)
            ? new TargetCheck(name, CheckStatus.Passed,
                $"{target.PrivilegedAccount} may set passwords (checked on {sample.DistinguishedName}).", null)
            : new TargetCheck(name, CheckStatus.Failed,
                $"{target.PrivilegedAccount} may not set passwords (checked on {sample.DistinguishedName}).",
                "Delegate 'Reset password' and write of unicodePwd/pwdLastSet on user objects under the base DN to the "
                + "privileged account (Delegation of Control wizard, or dsacl), or use an account that has them.");
    }

    private static TargetCheck CheckPasswordPolicy(AdDirectory directory)
    {
        const string name = "Domain password policy";
        var head = directory.ReadEntry(directory.DomainDn(), "minPwdLength", "pwdProperties", "pwdHistoryLength",
            "minPwdAge", "lockoutThreshold");
        if (head is null)
        {
            return new TargetCheck(name, CheckStatus.Warning, "The domain's policy could not be read.",
                "Give the privileged account read access to the domain head.");
        }

        var minimumAge = AdTime.FromInterval(AdEntry.Long(head, "minPwdAge"));
        var detail = $"minimum length {AdEntry.Long(head, "minPwdLength")}, complexity "
            + $"{((AdEntry.Long(head, "pwdProperties") ?? 0) & 1) == 1}, history {AdEntry.Long(head, "pwdHistoryLength")}, "
            + $"minimum age {minimumAge}, lockout threshold {AdEntry.Long(head, "lockoutThreshold")}.";
        return minimumAge > TimeSpan.Zero
            ? new TargetCheck(name, CheckStatus.Warning, detail,
                "A minimum password age refuses a second change of the same account within that time; make sure the "
                + "list's rotation schedule allows for it.")
            : new TargetCheck(name, CheckStatus.Passed, detail, null);
    }

    private async Task CheckPdcAsync(DirectoryTarget target, AdConnector connector, List<TargetCheck> checks,
        CancellationToken cancellationToken)
    {
        const string name = "PDC emulator among the endpoints";
        var pdc = await pdcLocator.FindPdcHostAsync(target, connector, cancellationToken);
        checks.Add(pdc is not null && target.Endpoints.Any(e => string.Equals(e.Host, pdc, StringComparison.OrdinalIgnoreCase))
            ? new TargetCheck(name, CheckStatus.Passed, $"{pdc} is the PDC emulator and is tried first.", null)
            : new TargetCheck(name, CheckStatus.Warning, $"The PDC emulator ({pdc ?? "unknown"}) is not an endpoint.",
                "Add the PDC emulator to the target's endpoints: password changes reach it first."));
    }

    private static bool IsPrivilegedAccount(SearchResultEntry entry, string privilegedAccount)
    {
        var sam = AdEntry.String(entry, "sAMAccountName");
        var upn = AdEntry.String(entry, "userPrincipalName");
        return string.Equals(entry.DistinguishedName, privilegedAccount, StringComparison.OrdinalIgnoreCase)
            || string.Equals(upn, privilegedAccount, StringComparison.OrdinalIgnoreCase)
            || (sam is not null && (string.Equals(sam, privilegedAccount, StringComparison.OrdinalIgnoreCase)
                || privilegedAccount.StartsWith(sam + "@", StringComparison.OrdinalIgnoreCase)
                || privilegedAccount.EndsWith("\\" + sam, StringComparison.OrdinalIgnoreCase)));
    }

    private static TargetCheck Skipped(string name, string detail) => new(name, CheckStatus.Skipped, detail, null);
}
