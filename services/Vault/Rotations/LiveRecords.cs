using PasswordSync.ServiceDefaults;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Storage;

namespace PasswordSync.Vault.Rotations;

internal static class LiveRecords
{
    /// <summary>The record, or NotFound when it does not exist or is deleted (a deleted record is never synced).</summary>
    public static async Task<PasswordRecord> GetLiveAsync(this IRecordStore records, string recordId,
        CancellationToken cancellationToken)
    {
        var record = await records.GetAsync(recordId, cancellationToken);
        return record is { DeletedAt: null } ? record : throw RpcErrors.NotFound("Record", recordId);
    }
}
