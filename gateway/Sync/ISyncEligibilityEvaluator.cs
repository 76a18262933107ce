using PasswordSync.Vault.V1;

namespace PasswordSync.Gateway.Sync;

public interface ISyncEligibilityEvaluator
{
    /// <summary>Evaluates a record of <paramref name="list"/> (the record's own list, as read from the vault).</summary>
    Task<SyncEligibility> EvaluateAsync(Record record, PasswordList list, CancellationToken cancellationToken);

    /// <summary>
    /// Evaluates many records of one list, in order. Implementations may resolve each distinct "Domain or Host" once
    /// (list pages, reports); this default evaluates record by record.
    /// </summary>
    async Task<IReadOnlyList<SyncEligibility>> EvaluateAllAsync(IReadOnlyList<Record> records, PasswordList list,
        CancellationToken cancellationToken)
    {
        var results = new List<SyncEligibility>(records.Count);
        foreach (var record in records)
        {
            results.Add(await EvaluateAsync(record, list, cancellationToken));
        }

        return results;
    }
}
