using Grpc.Core;
using PasswordSync.Common.V1;
using PasswordSync.Gateway.Reports;
using PasswordSync.Gateway.Sync;
using PasswordSync.ServiceDefaults;
using PasswordSync.Vault.V1;

namespace PasswordSync.Gateway.Jobs;

/// <summary>
/// Which records a bulk rotation with no explicit selection covers: every sync-enabled record of the list, read page
/// by page. When none qualifies the caller is told why (the first reasons met), rather than getting an empty job.
/// </summary>
internal sealed class BulkJobPlanner(PasswordRecords.PasswordRecordsClient records, ISyncEligibilityEvaluator eligibility)
{
    public const int MaxItems = 10_000;

    public async Task<List<string>> SyncEnabledRecordIdsAsync(PasswordList list, int pageSize,
        CancellationToken cancellationToken)
    {
        var decisions = new EligibilityCache(eligibility, list);
        var selected = new List<string>();
        var reasons = new List<string>();
        var pageToken = "";
        do
        {
            var page = await records.SearchRecordsAsync(new SearchRecordsRequest
            {
                ListId = list.Id,
                PageSize = pageSize,
                PageToken = pageToken,
            }, cancellationToken: cancellationToken);
            foreach (var record in page.Records)
            {
                var decision = await decisions.EvaluateAsync(record, cancellationToken);
                if (decision.Enabled)
                {
                    selected.Add(record.Id);
                }
                else if (reasons.Count < 3 && decision.DisabledReason is { } why && !reasons.Contains(why))
                {
                    reasons.Add(why);
                }
            }

            if (selected.Count > MaxItems)
            {
                throw RpcErrors.Create(StatusCode.FailedPrecondition, Reason.InvalidArgument,
                    $"List '{list.Id}' has more than {MaxItems} sync-enabled records; one job takes at most {MaxItems}: pass record_ids in batches.");
            }

            pageToken = page.NextPageToken;
        }
        while (pageToken.Length > 0);

        if (selected.Count == 0)
        {
            var why = reasons.Count == 0 ? "the list has no records." : string.Join(" / ", reasons);
            throw RpcErrors.Create(StatusCode.FailedPrecondition, Reason.Configuration,
                $"List '{list.Id}' has no sync-enabled record to rotate: {why}");
        }

        return selected;
    }
}
