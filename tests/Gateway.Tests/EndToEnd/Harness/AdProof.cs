namespace PasswordSync.Gateway.Tests.EndToEnd.Harness;

/// <summary>
/// Independent proof, by LDAP simple binds, of which password AD holds. A bind that succeeds with a password AD never
/// had before proves it is the current one; a bind with the PREVIOUS password proves nothing, because AD keeps
/// accepting it for an hour after a reset (the "old password allowed period").
/// </summary>
public static class AdProof
{
    /// <summary>AD accepts <paramref name="password"/> for the account.</summary>
    public static void AssertAccepts(DomainController dc, AdAccount account, string password, string what,
        Func<string> diagnostics)
    {
        var refusal = dc.TryBind(account.UserPrincipalName, password);
        Assert.True(refusal is null,
            $"AD refused {what} for {account.SamAccountName}: {refusal}\n{diagnostics()}");
    }

    /// <summary>
    /// AD's password equals the vault's current one, where the only other password that may have reached AD is
    /// <paramref name="otherCandidate"/> (the one a crashed or frozen rotation was setting). When the vault kept the
    /// old password, the candidate must be refused by AD; when the vault holds the candidate, AD must accept it.
    /// </summary>
    public static void AssertAdEqualsVault(DomainController dc, AdAccount account, string vaultCurrent,
        string otherCandidate, Func<string> diagnostics)
    {
        AssertAccepts(dc, account, vaultCurrent, "the vault's current password", diagnostics);
        if (!string.Equals(vaultCurrent, otherCandidate, StringComparison.Ordinal))
        {
            var refusal = dc.TryBind(account.UserPrincipalName, otherCandidate);
            Assert.True(refusal is not null,
                $"AD accepts the rotation's candidate password for {account.SamAccountName}, but the vault kept the "
                + $"previous one as current: the candidate would be lost.\n{diagnostics()}");
        }
    }
}
