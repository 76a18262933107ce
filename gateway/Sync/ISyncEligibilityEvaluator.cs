using PasswordSync.Vault.V1;

namespace PasswordSync.Gateway.Sync;

public interface ISyncEligibilityEvaluator
{
    /// <summary>Evaluates a record of <paramref name="list"/> (the record's own list, as read from the vault).</summary>
    Task<SyncEligibility> EvaluateAsync(Record record, PasswordList list, CancellationToken cancellationToken);
}
