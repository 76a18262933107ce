using PasswordSync.Vault.Storage.Mongo.Documents;

namespace PasswordSync.Vault.Storage.Mongo;

/// <summary>
/// Why a guarded record update matched nothing, decided from the record as it is now (read in the same transaction),
/// so the caller learns exactly what to do.
/// </summary>
internal static class RecordRefusals
{
    public static StoreException NotFound(string id) =>
        new(StoreError.NotFound, $"Record '{id}' does not exist or is deleted.");

    public static StoreException ForEdit(RecordDocument? current, string id, long expectedVersion, bool refusesPending)
    {
        if (current is null || current.DeletedAt is not null)
        {
            return NotFound(id);
        }

        if (refusesPending && current.Pending is not null)
        {
            return new StoreException(StoreError.RotationPending,
                $"Record '{id}' has a rotation in progress; wait for it to finish or be reconciled.");
        }

        return VersionConflict(id, current.Version, expectedVersion);
    }

    /// <summary>A batched check outcome skipped: the record is gone, or changed since it was checked.</summary>
    public static StoreException ForSyncState(RecordDocument? current, string id, long? expectedVersion) =>
        current is null || current.DeletedAt is not null || expectedVersion is not { } expected
            ? NotFound(id)
            : VersionConflict(id, current.Version, expected);

    public static StoreException ForBegin(RecordDocument? current, string id) =>
        current is null || current.DeletedAt is not null
            ? NotFound(id)
            : new StoreException(StoreError.RotationPending,
                $"Record '{id}' already has another rotation in progress; wait for it to finish or be reconciled.");

    public static StoreException ForRotation(RecordDocument? current, string id, string rotationId) =>
        current is null
            ? NotFound(id)
            : new StoreException(StoreError.RotationMismatch,
                $"Rotation '{rotationId}' is not the pending rotation of record '{id}' (it was finished or taken over).");

    public static StoreException ForRenewal(RecordDocument? current, string id, string rotationId, string owner)
    {
        if (current is null)
        {
            return NotFound(id);
        }

        return current.Pending?.RotationId != rotationId
            ? ForRotation(current, id, rotationId)
            : new StoreException(StoreError.LeaseHeld,
                $"Rotation '{rotationId}' of record '{id}' is held by another owner than '{owner}'.");
    }

    public static StoreException ForRestore(RecordDocument? current, string id, long expectedVersion,
        DateTimeOffset restorableSince)
    {
        if (current?.DeletedAt is not { } deletedAt)
        {
            return new StoreException(StoreError.NotFound, $"Record '{id}' does not exist or is not deleted.");
        }

        if (deletedAt < BsonDates.ToBson(restorableSince))
        {
            return new StoreException(StoreError.InvalidState,
                $"Record '{id}' was deleted before the restore period began and can no longer be restored.");
        }

        return VersionConflict(id, current.Version, expectedVersion);
    }

    private static StoreException VersionConflict(string id, long current, long expected) =>
        new(StoreError.VersionConflict,
            $"Record '{id}' is at version {current}, not {expected}: it was changed by someone else; read it again and retry.");
}
