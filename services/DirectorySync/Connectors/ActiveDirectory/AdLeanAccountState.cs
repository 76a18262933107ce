using System.DirectoryServices.Protocols;

namespace PasswordSync.DirectorySync.Connectors.ActiveDirectory;

/// <summary>
/// An account's state from its plain (stored) attributes only, when they settle every decision the constructed ones
/// would (docs/ad-state-read.md); otherwise null, and the caller reads the full state. Never guesses: each field is
/// either exactly what the full read reports, or the case goes to the full read.
/// </summary>
internal static class AdLeanAccountState
{
    /// <summary>Stored attributes only: each costs the DC nothing beyond the read itself.</summary>
    public static readonly string[] Attributes =
        ["userAccountControl", "badPwdCount", "badPasswordTime", "lockoutTime", "pwdLastSet", "accountExpires"];

    private const long AccountDisabled = 0x2;           // ACCOUNTDISABLE
    private const long DontExpirePassword = 0x10000;    // DONT_EXPIRE_PASSWD

    /// <summary>
    /// Accounts whose password expiry AD computes by other rules (trust and machine accounts, smart-card-only
    /// logons): not derived here, read in full.
    /// </summary>
    private const long OtherExpiryRules = 0x800 | 0x1000 | 0x2000 | 0x40000;

    /// <summary>
    /// How close to its expiry a password must not be for "not expired" to be decided by our clock rather than the
    /// DC's computed flag (clock skew between this host and the DC).
    /// </summary>
    public static readonly TimeSpan ExpiryMargin = TimeSpan.FromHours(1);

    public static AccountState? TryBuild(SearchResultEntry entry, string dn, AdPolicySet policies, string server,
        DateTimeOffset now)
    {
        if (!policies.AllowsLeanRead
            || AdEntry.Long(entry, "userAccountControl") is not { } control || (control & OtherExpiryRules) != 0
            // A failure already counted: how close it is to a lockout depends on the account's own policy.
            || AdEntry.Long(entry, "badPwdCount") is not 0
            // Set while locked, and kept after an automatic unlock: only the computed flag tells which.
            || AdEntry.Long(entry, "lockoutTime") is not (null or 0)
            || AdEntry.String(entry, "pwdLastSet") is not { } pwdLastSet
            || AdEntry.Long(entry, "pwdLastSet") is not { } lastSet || lastSet < 0
            || MustChange(lastSet, control, policies, now) is not { } mustChange)
        {
            return null;
        }

        return new AccountState(
            Exists: true,
            Enabled: (control & AccountDisabled) == 0,
            LockedOut: false,
            LockedOutUntil: null,
            BadPasswordCount: 0,
            LastBadPasswordTime: AdTime.FromFileTime(AdEntry.Long(entry, "badPasswordTime")),
            LockoutPolicy: policies.ReportedLockout(),
            PasswordLastSetRaw: pwdLastSet,
            MustChangePassword: mustChange,
            AccountExpires: AdTime.FromFileTime(AdEntry.Long(entry, "accountExpires")),
            PasswordExpires: PasswordExpires(lastSet, control, policies),
            Server: server,
            DistinguishedName: dn);
    }

    /// <summary>
    /// pwdLastSet 0 (must change at next logon), or the password past its maximum age (the computed
    /// UF_PASSWORD_EXPIRED). Null when the age is too close to call without knowing the account's own policy.
    /// </summary>
    private static bool? MustChange(long lastSet, long control, AdPolicySet policies, DateTimeOffset now)
    {
        if (lastSet == 0)
        {
            return true;
        }

        if ((control & DontExpirePassword) != 0 || policies.ShortestMaximumPasswordAge is not { } shortest)
        {
            return false;
        }

        // Not expired under the shortest maximum age of all policies: not expired under the account's own either.
        var expiresAtEarliest = DateTimeOffset.FromFileTime(lastSet) + shortest;
        return now + ExpiryMargin < expiresAtEarliest ? false : null;
    }

    /// <summary>
    /// msDS-UserPasswordExpiryTimeComputed derived: pwdLastSet plus the maximum age. Null (as the full read reports
    /// it) when the password never expires or must be changed now, and also (unlike the full read) when the policies
    /// disagree on the maximum age, since which one applies was not read.
    /// </summary>
    private static DateTimeOffset? PasswordExpires(long lastSet, long control, AdPolicySet policies) =>
        lastSet == 0 || (control & DontExpirePassword) != 0
                     || policies.CommonMaximumPasswordAge is not { } age || age <= TimeSpan.Zero
            ? null
            : AdTime.FromFileTime(lastSet + age.Ticks);
}
