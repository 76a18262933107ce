using PasswordSync.Vault.Model;

namespace PasswordSync.Vault.Storage.Sqlite;

internal sealed partial class SqliteRecordStore
{
    /// <summary>
    /// One write transaction (one fsync) for the whole batch. Each item is decided from the record as it is inside the
    /// transaction before anything of it is written, so a skipped item writes nothing and needs no savepoint; anything
    /// but a decided skip (a broken database) rolls the whole batch back.
    /// </summary>
    public Task<IReadOnlyList<SyncStateOutcome>> RecordSyncStatesAsync(IReadOnlyList<SyncStateUpdate> updates,
        DateTimeOffset verifiedAt, CancellationToken cancellationToken) =>
        database.WriteAsync<IReadOnlyList<SyncStateOutcome>>(async s =>
        {
            var outcomes = new List<SyncStateOutcome>(updates.Count);
            foreach (var update in updates)
            {
                var stored = await RecordRows.GetAsync(s, update.RecordId, cancellationToken);
                if (stored is null || stored.DeletedAt is not null)
                {
                    outcomes.Add(new SyncStateOutcome(update.RecordId, null, StoreErrors.NotFound("Record", update.RecordId)));
                    continue;
                }

                if (update.ExpectedVersion is { } expected && expected != stored.Version)
                {
                    outcomes.Add(new SyncStateOutcome(update.RecordId, null,
                        StoreErrors.VersionConflict("Record", update.RecordId, expected, stored.Version)));
                    continue;
                }

                var saved = await SaveAsync(s, stored with
                {
                    SyncState = update.State,
                    SyncReason = update.Reason,
                    DirectoryPasswordLastSet = update.DirectoryPasswordLastSet ?? stored.DirectoryPasswordLastSet,
                    LastVerifiedAt = verifiedAt,
                }, update.Audit, null, cancellationToken);
                outcomes.Add(new SyncStateOutcome(update.RecordId, saved, null));
            }

            return outcomes;
        }, cancellationToken);
}
