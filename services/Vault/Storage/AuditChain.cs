using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using PasswordSync.Vault.Model;

namespace PasswordSync.Vault.Storage;

/// <summary>
/// The audit chain's hash, shared by every store so a chain written by one can be verified by any: SHA-256 over a
/// length-prefixed canonical encoding of the event's fields (so no two different events encode alike) followed by
/// the previous event's hash.
/// </summary>
public static class AuditChain
{
    public static readonly byte[] GenesisHash = new byte[32];

    public static byte[] ComputeHash(AuditEvent e) =>
        ComputeHash(e.Sequence, e.Time, e.Action, e.Actor, e.ListId, e.RecordId, e.TargetId, e.Detail, e.RequestId,
            e.PreviousHash);

    public static byte[] ComputeHash(long sequence, DateTimeOffset time, AuditAction action, string actor,
        string listId, string recordId, string targetId, string detail, string requestId, byte[] previousHash)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(number, sequence);
        hash.AppendData(number);
        BinaryPrimitives.WriteInt64BigEndian(number, time.ToUnixTimeMilliseconds());
        hash.AppendData(number);
        BinaryPrimitives.WriteInt64BigEndian(number, (long)action);
        hash.AppendData(number);
        foreach (var text in new[] { actor, listId, recordId, targetId, detail, requestId })
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            BinaryPrimitives.WriteInt64BigEndian(number, bytes.Length);
            hash.AppendData(number);
            hash.AppendData(bytes);
        }

        hash.AppendData(previousHash);
        return hash.GetHashAndReset();
    }

    /// <summary>Builds the next event of the chain from a draft.</summary>
    public static AuditEvent Next(long sequence, DateTimeOffset time, AuditDraft draft, string? requestId,
        byte[] previousHash)
    {
        // Times are kept at millisecond precision so every store round-trips them exactly.
        var truncated = DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());
        var hash = ComputeHash(sequence, truncated, draft.Action, draft.Actor, draft.ListId, draft.RecordId,
            draft.TargetId, draft.Detail, requestId ?? "", previousHash);
        return new AuditEvent
        {
            Sequence = sequence,
            Time = truncated,
            Action = draft.Action,
            Actor = draft.Actor,
            ListId = draft.ListId,
            RecordId = draft.RecordId,
            TargetId = draft.TargetId,
            Detail = draft.Detail,
            RequestId = requestId ?? "",
            PreviousHash = previousHash,
            Hash = hash,
        };
    }
}
