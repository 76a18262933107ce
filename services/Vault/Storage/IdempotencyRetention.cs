namespace PasswordSync.Vault.Storage;

/// <summary>
/// How long a request id keeps deduplicating its call. A client retrying after a lost reply does so within seconds or
/// minutes; a week leaves room for a gateway that was down for days, and keeps the ledger from growing forever.
/// </summary>
public static class IdempotencyRetention
{
    public static readonly TimeSpan Period = TimeSpan.FromDays(7);
}
