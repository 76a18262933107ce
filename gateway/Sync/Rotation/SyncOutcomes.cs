using Google.Protobuf.WellKnownTypes;
using PasswordSync.V1;
using PasswordSync.Vault.V1;
using Record = PasswordSync.Vault.V1.Record;

namespace PasswordSync.Gateway.Sync.Rotation;

/// <summary>The answers of a rotation, each saying what happened in the vault and in the directory.</summary>
internal static class SyncOutcomes
{
    public static SyncOutcome Committed(string recordId, string server, bool verified, long version, bool retried) => new()
    {
        RecordId = recordId,
        VaultUpdated = true,
        DirectoryUpdated = true,
        Verified = verified,
        Server = server,
        Version = version,
        Message = (retried ? "The first generated password broke the directory's policy; a fresh one was used. " : "")
            + $"The directory{On(server)} took the new password"
            + (verified ? ", a bind with it succeeded on the same server," : " (not verified by a bind, as asked),")
            + " and it is now the record's current password; the previous one is in the history.",
    };

    public static SyncOutcome Aborted(string recordId, string reasonCode, string reason, long version, bool retried) => new()
    {
        RecordId = recordId,
        ReasonCode = reasonCode,
        Version = version,
        Message = (retried ? "The directory refused two generated passwords. " : "")
            + $"The directory refused the new password, so nothing changed: the record keeps its current password. "
            + $"Directory's reason: {reason}",
    };

    public static SyncOutcome Pending(string recordId, string reasonCode, string why, string rotationId,
        Timestamp? leaseExpiresAt, long version) => new()
        {
            RecordId = recordId,
            ReasonCode = reasonCode,
            Version = version,
            Message = $"The outcome in the directory is not known: {why}. The new password is kept, encrypted, as the "
            + $"record's pending rotation '{rotationId}', next to the current one; neither is dropped. The reconciler "
            + $"settles it by evidence (a bind with the pending password first) once its lease expires"
            + (leaseExpiresAt is null ? "" : $" at {leaseExpiresAt.ToDateTimeOffset():u}")
            + "; until then the record refuses new rotations. Check the record's pending rotation or sync state later.",
        };

    public static SyncOutcome VerifyFailed(string recordId, string server, string detail, string rotationId,
        Timestamp? leaseExpiresAt, long version) =>
        Pending(recordId, "VERIFY_FAILED",
            $"the directory{On(server)} took the write, but the verify bind with the new password did not prove it "
            + $"({detail})", rotationId, leaseExpiresAt, version);

    public static SyncOutcome CommitUnconfirmed(string recordId, string server, bool verified, string rotationId,
        string why) => new()
        {
            RecordId = recordId,
            DirectoryUpdated = true,
            Verified = verified,
            Server = server,
            ReasonCode = "VAULT_UNAVAILABLE",
            Message = $"The directory{On(server)} took the new password, but the vault did not confirm the commit ({why}). "
            + $"The password is safe as the record's pending rotation '{rotationId}': the reconciler commits it by "
            + "evidence once its lease expires.",
        };

    /// <summary>A repeated request id: the first attempt's outcome, from the journal, with the record's version now.</summary>
    public static SyncOutcome Replayed(Record record, SyncOutcome first, Timestamp when)
    {
        first.Version = record.Version;
        first.Message = $"This request id was already used (at {when.ToDateTimeOffset():u}); nothing was done again. "
            + $"First outcome: {first.Message}";
        return first;
    }

    /// <summary>A repeated request id whose first attempt is still pending (in flight, or awaiting the reconciler).</summary>
    public static SyncOutcome StillPending(Record record) => new()
    {
        RecordId = record.Id,
        ReasonCode = "ROTATION_PENDING",
        Version = record.Version,
        Message = $"This request id was already used and its rotation '{record.PendingRotation.RotationId}' is still "
            + "pending (in flight, or awaiting the reconciler after an unknown outcome); nothing was done again. "
            + "Retry later to get its outcome.",
    };

    private static string On(string server) => server.Length > 0 ? $" ({server})" : "";
}
