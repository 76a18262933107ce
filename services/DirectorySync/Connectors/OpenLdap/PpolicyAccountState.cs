using System.DirectoryServices.Protocols;

namespace PasswordSync.DirectorySync.Connectors.OpenLdap;

/// <summary>Builds an <see cref="AccountState"/> from an entry's ppolicy operational attributes and its policy.</summary>
internal static class PpolicyAccountState
{
    // ppolicy's "locked until an administrator unlocks it" value.
    private const string PermanentLock = "000001010000Z";

    public static AccountState NotFound(string server) => new(
        Exists: false, Enabled: false, LockedOut: false, LockedOutUntil: null, BadPasswordCount: 0,
        LastBadPasswordTime: null, LockoutPolicy: null, PasswordLastSetRaw: null, MustChangePassword: false,
        AccountExpires: null, PasswordExpires: null, Server: server, DistinguishedName: null);

    public static AccountState From(SearchResultEntry entry, LdapPasswordPolicy? policy, string server,
        DateTimeOffset now)
    {
        var lockedRaw = LdapEntries.Single(entry, "pwdAccountLockedTime");
        var lockedAt = GeneralizedTime.Parse(lockedRaw);
        DateTimeOffset? lockedUntil = lockedAt is { } at && policy is { LockoutDuration.Ticks: > 0 }
            ? at + policy.LockoutDuration
            : null;
        // A lock with a duration ends by itself (slapd clears it on the next bind); without one it lasts until cleared.
        var lockedOut = lockedRaw == PermanentLock || (lockedRaw is not null && (lockedUntil is null || lockedUntil > now));

        var failures = LdapEntries.All(entry, "pwdFailureTime").Select(GeneralizedTime.Parse).OfType<DateTimeOffset>()
            .ToList();
        var counted = policy is { FailureCountInterval.Ticks: > 0 }
            ? failures.Where(failure => failure > now - policy.FailureCountInterval).ToList()
            : failures;

        var changedRaw = LdapEntries.Single(entry, "pwdChangedTime");
        DateTimeOffset? passwordExpires = policy is { MaxAge.Ticks: > 0 } && GeneralizedTime.Parse(changedRaw) is { } changed
            ? changed + policy.MaxAge
            : null;

        return new AccountState(
            Exists: true,
            // RFC directories have no "disabled" flag; an administrative (permanent) lock is reported as locked out.
            Enabled: true,
            LockedOut: lockedOut,
            LockedOutUntil: lockedOut ? lockedUntil : null,
            BadPasswordCount: counted.Count,
            LastBadPasswordTime: failures.Count == 0 ? null : failures.Max(),
            LockoutPolicy: policy is null
                ? null
                : new LockoutPolicy(policy.Lockout ? policy.MaxFailure : 0, policy.FailureCountInterval,
                    policy.LockoutDuration, policy.Source),
            PasswordLastSetRaw: changedRaw,
            MustChangePassword: LdapEntries.Boolean(entry, "pwdReset"),
            AccountExpires: null,
            PasswordExpires: passwordExpires,
            Server: server,
            DistinguishedName: entry.DistinguishedName);
    }
}
