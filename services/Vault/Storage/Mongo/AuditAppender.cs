using MongoDB.Driver;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Storage.Mongo.Documents;
using PasswordSync.Vault.Storage.Mongo.Queries;

namespace PasswordSync.Vault.Storage.Mongo;

/// <summary>
/// Appends one event to the hash chain inside the caller's transaction: read the head, compare-and-set it to the
/// next sequence, insert the event. Two concurrent appenders both write the head document, so the server lets only
/// one commit (the other gets a transient write conflict and runs again on the new head): the chain never forks.
/// </summary>
internal sealed class AuditAppender(VaultCollections collections, TimeProvider clock)
{
    public async Task<AuditEvent> AppendAsync(IClientSessionHandle session, AuditDraft draft, string? requestId,
        CancellationToken cancellationToken)
    {
        var head = await collections.AuditHead.Find(session, AuditFilters.Head()).FirstOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException(
                "The audit head document is missing: call IVaultStore.InitializeAsync at start-up before using the store.");
        var next = AuditChain.Next(head.Sequence + 1, clock.GetUtcNow(), draft, requestId, head.Hash);
        var moved = await collections.AuditHead.UpdateOneAsync(session, AuditFilters.HeadAt(head.Sequence),
            AuditFilters.AdvanceHead(next), cancellationToken: cancellationToken);
        if (moved.ModifiedCount != 1)
        {
            throw new RetryTransactionException("Another writer advanced the audit head first.");
        }

        try
        {
            await collections.AuditEvents.InsertOneAsync(session, AuditEventDocumentMapper.ToDocument(next),
                cancellationToken: cancellationToken);
        }
        catch (MongoException e) when (MongoErrors.IsDuplicateKey(e))
        {
            throw new RetryTransactionException("An event already holds this audit sequence.");
        }

        return next;
    }
}
