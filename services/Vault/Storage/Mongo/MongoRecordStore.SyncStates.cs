using PasswordSync.Vault.Storage.Mongo.Queries;

namespace PasswordSync.Vault.Storage.Mongo;

internal sealed partial class MongoRecordStore
{
    /// <summary>
    /// One multi-document transaction for the whole batch (majority-acknowledged, journaled): each item is the single
    /// call's guarded update, plus the expected version, and its audit event. A guard that matches nothing is not an
    /// error inside the transaction: the record as it is now (read in the same snapshot) decides the item's refusal,
    /// and the other items still commit. The driver may run the body again on a transient error, so the outcomes are
    /// built afresh on each attempt.
    /// </summary>
    public Task<IReadOnlyList<SyncStateOutcome>> RecordSyncStatesAsync(IReadOnlyList<SyncStateUpdate> updates,
        DateTimeOffset verifiedAt, CancellationToken cancellationToken) =>
        context.Transactions.RunAsync<IReadOnlyList<SyncStateOutcome>>(async (session, ct) =>
        {
            var outcomes = new List<SyncStateOutcome>(updates.Count);
            var now = context.Now;
            foreach (var update in updates)
            {
                var document = await c.Records.FindOneAndUpdateAsync(session,
                    RecordFilters.SyncStateGuard(update.RecordId, update.ExpectedVersion),
                    RecordUpdates.SyncState(update.State, update.Reason, update.DirectoryPasswordLastSet, verifiedAt,
                        now), ReturnAfter, ct);
                if (document is null)
                {
                    var current = await LoadAsync(session, update.RecordId, ct);
                    outcomes.Add(new SyncStateOutcome(update.RecordId, null,
                        RecordRefusals.ForSyncState(current, update.RecordId, update.ExpectedVersion)));
                    continue;
                }

                await context.Audit.AppendAsync(session, For(update.Audit, document), null, ct);
                outcomes.Add(new SyncStateOutcome(update.RecordId, Documents.RecordDocumentMapper.ToModel(document),
                    null));
            }

            return outcomes;
        }, cancellationToken);
}
