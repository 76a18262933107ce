using PasswordSync.Vault.V1;

namespace PasswordSync.Gateway.Jobs;

/// <summary>What the vault's append-only audit log proves about one rotation id of one record.</summary>
internal enum RotationFate
{
    /// <summary>No begin was ever recorded: the rotation never started, so nothing reached the directory.</summary>
    NeverBegan,

    /// <summary>Begun, and neither committed nor aborted (yet).</summary>
    Unresolved,

    Committed,

    Aborted,
}

/// <summary>
/// Reads a rotation's fate from the audit log (the vault writes "rotation &lt;id&gt;..." on begin, commit and abort). Used
/// for a job item noted with a rotation id that is no longer the record's pending one: it either committed, was
/// aborted, or never began, and only the last may be rotated again.
/// </summary>
internal sealed class RotationFateLookup(AuditLogService.AuditLogServiceClient audit)
{
    public async Task<(RotationFate Fate, string Detail)> FindAsync(string recordId, string rotationId,
        CancellationToken cancellationToken)
    {
        if (await FindEventAsync(recordId, rotationId, "RotationCommitted", cancellationToken) is { } committed)
        {
            return (RotationFate.Committed, committed.Detail);
        }

        if (await FindEventAsync(recordId, rotationId, "RotationAborted", cancellationToken) is { } aborted)
        {
            return (RotationFate.Aborted, aborted.Detail);
        }

        return await FindEventAsync(recordId, rotationId, "RotationBegun", cancellationToken) is { } begun
            ? (RotationFate.Unresolved, begun.Detail)
            : (RotationFate.NeverBegan, "");
    }

    private async Task<AuditEvent?> FindEventAsync(string recordId, string rotationId, string action,
        CancellationToken cancellationToken)
    {
        var pageToken = "";
        do
        {
            var page = await audit.QueryAuditAsync(new QueryAuditRequest
            {
                RecordId = recordId,
                Action = action,
                PageSize = 200,
                PageToken = pageToken,
            }, cancellationToken: cancellationToken);
            var match = page.Events.FirstOrDefault(e => NamesRotation(e.Detail, rotationId));
            if (match is not null)
            {
                return match;
            }

            pageToken = page.NextPageToken;
        }
        while (pageToken.Length > 0);

        return null;
    }

    /// <summary>"rotation &lt;id&gt;", optionally followed by ", owner ..." or ": reason".</summary>
    private static bool NamesRotation(string detail, string rotationId)
    {
        var prefix = $"rotation {rotationId}";
        return detail.StartsWith(prefix, StringComparison.Ordinal)
            && (detail.Length == prefix.Length || detail[prefix.Length] is ',' or ':');
    }
}
