using PasswordSync.Vault.Model;

namespace PasswordSync.Vault.Storage;

/// <summary>Filters for an audit query; every non-null criterion must match. From is inclusive, To exclusive.</summary>
public sealed record AuditQuery(
    string? ListId = null,
    string? RecordId = null,
    string? Actor = null,
    AuditAction? Action = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null);

/// <summary>The result of checking the whole chain.</summary>
public sealed record AuditVerification(
    bool Valid,
    long HeadSequence,
    byte[] HeadHash,
    long? FirstInvalidSequence,
    string Problem);

/// <summary>
/// Append-only, hash-chained audit log. Appends are serialised by a compare-and-set on the head sequence, so
/// concurrent writers never fork the chain; the hash of each event covers its canonical form and the previous hash
/// (<see cref="AuditChain"/>).
/// </summary>
public interface IAuditLog
{
    /// <summary>
    /// Appends a standalone event (reveal, key use, failure). With a request id, a repeat returns the first event.
    /// </summary>
    Task<AuditEvent> AppendAsync(string? requestId, AuditDraft draft, CancellationToken cancellationToken);

    /// <summary>
    /// Appends standalone events in ONE durable transaction, chained in the given order (a sync report's batch of
    /// hand-outs): all of them are stored, or none.
    /// </summary>
    Task<IReadOnlyList<AuditEvent>> AppendManyAsync(IReadOnlyList<AuditDraft> drafts, CancellationToken cancellationToken);

    /// <summary>Events matching the query in sequence order.</summary>
    Task<Page<AuditEvent>> QueryAsync(AuditQuery query, PageRequest page, CancellationToken cancellationToken);

    /// <summary>Recomputes every hash from the first event and reports the head (to anchor elsewhere) or the first break.</summary>
    Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken);
}
