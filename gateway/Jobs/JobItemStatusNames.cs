using VaultJobItemStatus = PasswordSync.Vault.V1.JobItemStatus;

namespace PasswordSync.Gateway.Jobs;

/// <summary>The public API's item status words (JobItemResult.status).</summary>
internal static class JobItemStatusNames
{
    public static string Of(VaultJobItemStatus status) => status switch
    {
        VaultJobItemStatus.Succeeded => "succeeded",
        VaultJobItemStatus.Failed => "failed",
        VaultJobItemStatus.Skipped => "skipped",
        _ => "pending",
    };
}
