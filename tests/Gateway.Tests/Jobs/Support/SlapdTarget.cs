using PasswordSync.Common.V1;

namespace PasswordSync.Gateway.Tests.Jobs.Support;

internal static class SlapdTarget
{
    /// <summary>The shared slapd registered as an LDAP target (once per vault), trusting its CA, as the reset agent.</summary>
    public static async Task<string> EnsureAsync(VaultSeed seed, CancellationToken cancellationToken)
    {
        var name = SlapdAccounts.Host;
        var existing = await seed.Targets.ListTargetsAsync(new Vault.V1.ListTargetsRequest(),
            cancellationToken: cancellationToken);
        if (!existing.Targets.Any(t => t.Names.Contains(name, StringComparer.OrdinalIgnoreCase)))
        {
            await seed.Targets.CreateTargetAsync(new Vault.V1.CreateTargetRequest { Target = Spec(name) },
                cancellationToken: cancellationToken);
        }

        return name;
    }

    /// <summary>The shared slapd as an LDAP target known as <paramref name="name"/>: LDAPS, its CA, the reset agent.</summary>
    public static Vault.V1.TargetSpec Spec(string name) => new()
    {
        Kind = TargetKind.Ldap,
        Names = { name },
        Endpoints = { $"{SlapdAccounts.Host}:{SlapdAccounts.LdapsPort}" },
        CaCertificatePem = SlapdAccounts.CaPem,
        BaseDn = SlapdAccounts.BaseDn,
        PrivilegedAccount = SlapdAccounts.ResetDn,
        PrivilegedPassword = SlapdAccounts.ResetPassword,
    };
}
