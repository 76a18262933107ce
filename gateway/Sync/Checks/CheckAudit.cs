using Microsoft.Extensions.Options;
using PasswordSync.Vault.V1;
using CheckResult = PasswordSync.V1.CheckResult;

namespace PasswordSync.Gateway.Sync.Checks;

/// <summary>
/// Audits checks with a caller-supplied candidate (they could be used to guess passwords): who asked, which account,
/// the outcome. The detail is built from names and codes only; the candidate never reaches it. The actor is the
/// caller's API key (ActorContext, sent by the internal clients).
/// </summary>
internal sealed class CheckAudit(AuditLogService.AuditLogServiceClient audit, IOptions<CheckOptions> options)
{
    private const string Checked = "PasswordChecked";
    private const string Failed = "OperationFailed";

    /// <summary>
    /// Written before the result is returned: if the audit cannot be written, the caller learns nothing (the call
    /// fails), so no candidate check goes unaudited.
    /// </summary>
    public Task CandidateCheckedAsync(string listId, string? recordId, string targetId, string account,
        CheckResult result, CancellationToken cancellationToken) =>
        AppendAsync(Checked, listId, recordId, targetId,
            $"Candidate password checked for account '{account}': {result.Status}"
            + (result.ReasonCode.Length > 0 ? $" ({result.ReasonCode})" : "")
            + (result.Server.Length > 0 ? $" on {result.Server}" : ""), cancellationToken);

    public Task CandidateRefusedAsync(string listId, string? recordId, string targetId, string account,
        CancellationToken cancellationToken) =>
        AppendAsync(Failed, listId, recordId, targetId,
            $"Candidate password check for account '{account}' refused: per-account limit reached", cancellationToken);

    private async Task AppendAsync(string action, string listId, string? recordId, string targetId, string detail,
        CancellationToken cancellationToken) =>
        await audit.AppendAuditEventAsync(new AppendAuditEventRequest
        {
            RequestId = "check:" + Guid.NewGuid().ToString("N"),
            Action = action,
            ListId = listId,
            RecordId = recordId ?? "",
            TargetId = targetId,
            Detail = detail.Length <= 2000 ? detail : detail[..2000],
        }, deadline: DateTime.UtcNow + options.Value.VaultCallTimeout, cancellationToken: cancellationToken);
}
