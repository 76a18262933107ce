using PasswordSync.Gateway.Sync;
using PasswordSync.Vault.V1;

namespace PasswordSync.Gateway.Reports;

/// <summary>
/// Eligibility of the records of one list during one report or job run, remembered per (account type, domain or host):
/// records of one list that share both get the same answer, so a 10,000-record list asks the vault to resolve each
/// target name once rather than once per record. Lives only as long as the run.
/// </summary>
internal sealed class EligibilityCache(ISyncEligibilityEvaluator evaluator, PasswordList list)
{
    private readonly Dictionary<(Common.V1.AccountType, string), SyncEligibility> decided = [];

    public async Task<SyncEligibility> EvaluateAsync(Record record, CancellationToken cancellationToken)
    {
        var key = (record.AccountType, record.DomainOrHost.Trim().ToUpperInvariant());
        if (decided.TryGetValue(key, out var known))
        {
            return known;
        }

        var decision = await evaluator.EvaluateAsync(record, list, cancellationToken);
        decided[key] = decision;
        return decision;
    }
}
