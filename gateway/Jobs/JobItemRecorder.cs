using System.Text;
using Grpc.Core;
using PasswordSync.Gateway.Telemetry;
using PasswordSync.ServiceDefaults;
using PasswordSync.V1;
using PasswordSync.Vault.V1;
using VaultJobItemStatus = PasswordSync.Vault.V1.JobItemStatus;

namespace PasswordSync.Gateway.Jobs;

/// <summary>
/// Writes an item's final outcome to the vault for the job's owner and tells this instance's watchers. The vault
/// counts an item once, so recording again after a crash is harmless.
/// </summary>
internal sealed class JobItemRecorder(
    JobService.JobServiceClient jobs,
    string jobId,
    string owner,
    JobProgress progress,
    Action leaseLost,
    ILogger logger)
{
    private const int MaxDetail = 1000;

    public async Task RecordAsync(string recordId, VaultJobItemStatus status, string reason, string detail,
        string rotationId = "")
    {
        var request = new RecordJobItemRequest
        {
            JobId = jobId,
            Owner = owner,
            RecordId = recordId,
            Status = status,
            Reason = ReasonCode(reason),
            Detail = detail.Length <= MaxDetail ? detail : detail[..(MaxDetail - 1)] + "…",
            RotationId = rotationId,
        };
        try
        {
            // Not cancellable: an outcome known must be written even while the run stops.
            await jobs.RecordJobItemAsync(request, cancellationToken: CancellationToken.None);
        }
        catch (RpcException e) when (e.GetReason() == "LEASE_HELD")
        {
            leaseLost();
            return;
        }
        catch (RpcException e)
        {
            // The item stays pending: the next run settles it (by its rotation id, if it has one) instead of redoing it.
            JobsLog.ItemUncertain(logger, e, jobId, recordId);
            return;
        }

        Finished(recordId, status, request.Reason, request.Detail);
    }

    /// <summary>Tells this instance's watchers of an outcome the vault already holds (recorded with its commit).</summary>
    public void Finished(string recordId, VaultJobItemStatus status, string reason, string detail)
    {
        JobTelemetry.ItemFinished(JobItemStatusNames.Of(status), reason);
        progress.ItemFinished(new JobItemResult
        {
            RecordId = recordId,
            Status = JobItemStatusNames.Of(status),
            ReasonCode = reason,
            Message = detail,
        });
    }

    /// <summary>The vault takes upper-case letters, digits and '_' (at most 64).</summary>
    public static string ReasonCode(string reason)
    {
        var code = new StringBuilder(Math.Min(reason.Length, 64));
        foreach (var c in reason.ToUpperInvariant())
        {
            if (code.Length == 64)
            {
                break;
            }

            code.Append(c is >= 'A' and <= 'Z' or >= '0' and <= '9' ? c : '_');
        }

        return code.ToString();
    }
}
