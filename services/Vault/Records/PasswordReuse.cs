using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using PasswordSync.Common.V1;
using PasswordSync.ServiceDefaults;
using PasswordSync.Vault.Crypto;
using PasswordSync.Vault.KeyManagement;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Storage;

namespace PasswordSync.Vault.Records;

/// <summary>
/// The list's "prevent reuse of the last N passwords" rule, one implementation for a user's edit and a rotation's new
/// password: the candidate may equal none of the record's last N passwords, the current one included.
/// </summary>
internal static class PasswordReuse
{
    /// <summary>True when <paramref name="candidate"/> is among the record's last <paramref name="count"/> passwords.</summary>
    public static async Task<bool> IsReusedAsync(IVaultStore store, IRecordCipher cipher, PasswordRecord record,
        int count, string candidate, CancellationToken cancellationToken)
    {
        if (count <= 0)
        {
            return false;
        }

        // Sealed values use random nonces, so equal passwords never have equal ciphertexts: open and compare.
        var candidateBytes = Encoding.UTF8.GetBytes(candidate);
        var reused = false;
        if (record.SealedPassword is { } current)
        {
            reused = Same(candidateBytes,
                Unsealing.Open(() => cipher.Open(record.DataKey, record.Id, RecordFields.Password, current)));
        }

        var historyCount = record.SealedPassword is null ? count : count - 1;
        if (historyCount > 0)
        {
            foreach (var entry in await store.Records.GetRecentHistoryAsync(record.Id, historyCount, cancellationToken))
            {
                // Every entry is opened and compared, so the time taken does not tell which one matched.
                reused |= Same(candidateBytes, Unsealing.Open(() =>
                    cipher.Open(record.DataKey, record.Id, RecordFields.History(entry.Id), entry.SealedPassword)));
            }
        }

        return reused;
    }

    /// <summary>The refusal; it never quotes the password.</summary>
    public static RpcException Refused(string recordId, int count) =>
        RpcErrors.Create(StatusCode.FailedPrecondition, Reason.PasswordReused,
            $"The new password of record '{recordId}' is one of its last {count} passwords, which its list forbids "
            + "reusing: choose another one.");

    private static bool Same(byte[] candidate, string previous) =>
        CryptographicOperations.FixedTimeEquals(candidate, Encoding.UTF8.GetBytes(previous));
}
