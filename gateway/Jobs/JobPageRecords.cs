using PasswordSync.Vault.V1;

namespace PasswordSync.Gateway.Jobs;

/// <summary>
/// The records behind one page of a job's pending items, read in one vault call (BatchGetRecords) instead of one
/// GetRecord per item: at bulk rates that call was a gRPC round trip per rotation on both sides. Items whose rotation
/// has begun need no record (they are settled by evidence), so they are not asked for.
/// </summary>
internal static class JobPageRecords
{
    /// <summary>The live (not deleted) records of the page's not-yet-begun items, by id; a missing id has none.</summary>
    public static async Task<IReadOnlyDictionary<string, Record>> ReadLiveAsync(
        PasswordRecords.PasswordRecordsClient records, IEnumerable<JobItem> items, CancellationToken cancellationToken)
    {
        var ids = items.Where(item => item.RotationId.Length == 0).Select(item => item.RecordId)
            .Distinct(StringComparer.Ordinal).ToList();
        var live = new Dictionary<string, Record>(ids.Count, StringComparer.Ordinal);
        // The page size is at most 1,000 (JobRunnerOptions), the vault's limit per call; chunk anyway so a larger
        // page could never turn into a refused call.
        foreach (var chunk in ids.Chunk(1000))
        {
            var request = new BatchGetRecordsRequest();
            request.Ids.AddRange(chunk);
            var response = await records.BatchGetRecordsAsync(request, cancellationToken: cancellationToken);
            foreach (var record in response.Records.Where(record => record.DeleteTime is null))
            {
                live[record.Id] = record;
            }
        }

        return live;
    }
}
