using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using PasswordSync.Common.V1;
using PasswordSync.ServiceDefaults;
using PasswordSync.Vault.Crypto;
using PasswordSync.Vault.KeyManagement;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Storage;

namespace PasswordSync.Vault.Rotations;

/// <summary>
/// The list's "prevent reuse of the last N passwords" rule for a rotation's new password: it may equal neither the
/// current password nor any of the last N history entries.
/// </summary>
internal static class PasswordReuse
{
    public static async Task EnsureNotReusedAsync(IVaultStore store, IRecordCipher cipher, PasswordRecord record,
        string candidate, CancellationToken cancellationToken)
    {
        var list = await store.Lists.GetAsync(record.ListId, cancellationToken);
        if (list is null || list.PreventReuseCount <= 0)
        {
            return;
        }

        var candidateBytes = Encoding.UTF8.GetBytes(candidate);
        var reused = record.SealedPassword is { } current
            && Same(candidateBytes, Unsealing.Open(() => cipher.Open(record.DataKey, record.Id, RecordFields.Password, current)));
        foreach (var entry in await store.Records.GetRecentHistoryAsync(record.Id, list.PreventReuseCount,
            cancellationToken))
        {
            // Every entry is opened and compared, so the time taken does not tell which one matched.
            reused |= Same(candidateBytes, Unsealing.Open(() =>
                cipher.Open(record.DataKey, record.Id, RecordFields.History(entry.Id), entry.SealedPassword)));
        }

        if (reused)
        {
            throw RpcErrors.Create(StatusCode.FailedPrecondition, Reason.PasswordReused,
                $"The new password of record '{record.Id}' is its current password or one of its last " +
                $"{list.PreventReuseCount} passwords, which list '{list.Name}' forbids reusing: choose another.");
        }
    }

    private static bool Same(byte[] candidate, string previous) =>
        CryptographicOperations.FixedTimeEquals(candidate, Encoding.UTF8.GetBytes(previous));
}
