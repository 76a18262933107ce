using PasswordSync.ServiceDefaults;
using VaultJobItemStatus = PasswordSync.Vault.V1.JobItemStatus;

namespace PasswordSync.Gateway.Jobs;

/// <summary>What a public ListJobItems request may ask: checked before anything is read.</summary>
internal static class JobItemsRequest
{
    /// <summary>The status filter (null: every item); InvalidArgument naming each bad field.</summary>
    public static VaultJobItemStatus? Validate(V1.ListJobItemsRequest request)
    {
        var problems = new List<FieldViolation>();
        if (string.IsNullOrWhiteSpace(request.JobId))
        {
            problems.Add(new FieldViolation("job_id", "is required."));
        }

        VaultJobItemStatus? status = null;
        if (request.Status.Length > 0)
        {
            status = JobItemStatusNames.Parse(request.Status);
            if (status is null)
            {
                problems.Add(new FieldViolation("status",
                    $"'{request.Status}' is not an item status: use pending, succeeded, failed or skipped."));
            }
        }

        if (request.PageSize < 0)
        {
            problems.Add(new FieldViolation("page_size", "must be 0 (the default, 50) or more; at most 1000 are sent."));
        }

        if (problems.Count > 0)
        {
            throw RpcErrors.InvalidArgument(problems);
        }

        return status;
    }
}
