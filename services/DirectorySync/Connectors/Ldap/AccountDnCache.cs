namespace PasswordSync.DirectorySync.Connectors.Ldap;

/// <summary>
/// Remembers, for <see cref="TimeToLive"/>, the DN an account name was found at, per target, so the verify that follows a
/// state read (the gateway's lockout-safe check), or a reset, does not search for it again. A stale DN (the account
/// was renamed, moved or deleted meanwhile) shows as "no such object" on a read or reset, or as "user not found" on
/// an AD bind (data 525, which counts no bad password); callers then <see cref="Invalidate"/> and look it up once more.
/// Bounded: when full, expired entries are dropped, and if none were, everything is (it only costs searches).
/// </summary>
internal sealed class AccountDnCache(TimeProvider time)
{
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(30);

    public const int MaxEntries = 10_000;

    private readonly ExpiringEntries<string> entries = new(time, MaxEntries);

    public bool TryGet(DirectoryTarget target, AccountName account, out string dn) =>
        entries.TryGet(Key(target, account), TimeToLive, out dn);

    public void Remember(DirectoryTarget target, AccountName account, string dn) =>
        entries.Set(Key(target, account), dn, TimeToLive);

    public void Invalidate(DirectoryTarget target, AccountName account) => entries.Remove(Key(target, account));

    // Account names are case-insensitive in both directories; the base DN is part of the key because the same target
    // id with another base DN (an updated target) may resolve the name elsewhere.
    private static string Key(DirectoryTarget target, AccountName account) =>
        $"{target.Kind}\n{target.Id}\n{target.BaseDn}\n{account.Value.ToUpperInvariant()}";
}
