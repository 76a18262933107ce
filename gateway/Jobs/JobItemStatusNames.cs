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

    /// <summary>The vault status a public word names; null for a word that names none.</summary>
    public static VaultJobItemStatus? Parse(string word) => word.ToLowerInvariant() switch
    {
        "pending" => VaultJobItemStatus.Pending,
        "succeeded" => VaultJobItemStatus.Succeeded,
        "failed" => VaultJobItemStatus.Failed,
        "skipped" => VaultJobItemStatus.Skipped,
        _ => null,
    };
}
