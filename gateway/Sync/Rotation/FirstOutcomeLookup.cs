using Microsoft.Extensions.Options;
using PasswordSync.V1;
using PasswordSync.Vault.V1;
using AuditEvent = PasswordSync.Vault.V1.AuditEvent;
using QueryAuditRequest = PasswordSync.Vault.V1.QueryAuditRequest;
using Record = PasswordSync.Vault.V1.Record;

namespace PasswordSync.Gateway.Sync.Rotation;

/// <summary>
/// The first outcome of a retried request (same request id → same rotation ids), read from the vault's audit log,
/// which the journal writes in the same atomic step as each commit and abort. Read-only on purpose: probing with a
/// replayed commit or abort could finish a rotation that another attempt has just begun.
/// </summary>
internal sealed class FirstOutcomeLookup(AuditLogService.AuditLogServiceClient audit, IOptions<RotationOptions> options,
    TimeProvider clock)
{
    private const int MaxPages = 20;

    /// <summary>The outcome of the first attempt, or null when none of <paramref name="ids"/> finished.</summary>
    public async Task<SyncOutcome?> FindAsync(Record record, RotationIds ids, bool verifyAfterSet,
        CancellationToken cancellationToken)
    {
        // The retry rotation id first: when it exists, the first one was aborted by policy and retried.
        foreach (var rotationId in new[] { ids.Retry, ids.First })
        {
            if (await FindEventAsync(record.Id, "RotationCommitted", rotationId, cancellationToken) is { } committed)
            {
                return SyncOutcomes.Replayed(record, SyncOutcomes.Committed(record.Id, "", verifyAfterSet, 0,
                    retried: rotationId == ids.Retry), committed.Time);
            }

            if (await FindEventAsync(record.Id, "RotationAborted", rotationId, cancellationToken) is { } aborted)
            {
                var detail = aborted.Detail.Length > DetailPrefix(rotationId).Length
                    ? aborted.Detail[DetailPrefix(rotationId).Length..]
                    : "";
                var (code, message) = JournalReasons.Parse(detail);
                return SyncOutcomes.Replayed(record, SyncOutcomes.Aborted(record.Id, code, message, 0,
                    retried: rotationId == ids.Retry), aborted.Time);
            }
        }

        return null;
    }

    private async Task<AuditEvent?> FindEventAsync(string recordId, string action, string rotationId,
        CancellationToken cancellationToken)
    {
        var prefix = DetailPrefix(rotationId);
        var token = "";
        for (var page = 0; page < MaxPages; page++)
        {
            var response = await audit.QueryAuditAsync(new QueryAuditRequest
            {
                RecordId = recordId,
                Action = action,
                PageSize = 200,
                PageToken = token,
            }, deadline: clock.GetUtcNow().UtcDateTime + options.Value.VaultCallTimeout,
                cancellationToken: cancellationToken);
            var match = response.Events.FirstOrDefault(e =>
                e.Detail == $"rotation {rotationId}" || e.Detail.StartsWith(prefix, StringComparison.Ordinal));
            if (match is not null)
            {
                return match;
            }

            if (response.NextPageToken.Length == 0)
            {
                return null;
            }

            token = response.NextPageToken;
        }

        return null;
    }

    private static string DetailPrefix(string rotationId) => $"rotation {rotationId}: ";
}
