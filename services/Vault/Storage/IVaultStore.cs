namespace PasswordSync.Vault.Storage;

/// <summary>
/// All of the vault's state. Two implementations (SQLite, the embedded default; MongoDB for production) pass one
/// contract test suite. Rules every implementation follows:
/// - every mutating call is one atomic step, and appends its audit event in the same step (transaction), so a change
///   and its audit record exist together or not at all;
/// - a refused call throws <see cref="StoreException"/> and changes nothing;
/// - updates carry the version they read and bump it by one;
/// - calls that take a request id are idempotent: repeating the same request id returns the first result;
/// - the store never sees plaintext secrets, only sealed bytes and wrapped data keys;
/// - request ids share one namespace: a request id reused for another operation, entity or arguments is refused with
///   RequestIdReused; a refused call records no request id (a retry is evaluated afresh);
/// - a call that changes nothing (repeat of an idempotent call, revoking a revoked key, cancelling twice) appends no
///   audit event;
/// - the store stamps CreatedAt / UpdatedAt and audit times from its own TimeProvider; every time is kept as a UTC
///   instant at millisecond precision, so a time read back equals the time written (truncated to milliseconds);
/// - when an audit draft leaves ListId / RecordId / TargetId empty, the store fills them from the entity changed, so
///   audit queries by list, record or target find the event;
/// - a soft-deleted record refuses every change except RestoreAsync (and purge) with NotFound, though GetAsync
///   still returns it;
/// - every change to a record bumps its version, except lease renewal and key re-wrapping (which change nothing a
///   user edits against).
/// </summary>
public interface IVaultStore
{
    IListStore Lists { get; }

    IRecordStore Records { get; }

    IRotationJournal Rotations { get; }

    ITargetStore Targets { get; }

    IJobStore Jobs { get; }

    IApiKeyStore ApiKeys { get; }

    IAuditLog Audit { get; }

    IDataKeyStore DataKeys { get; }

    /// <summary>Whole-database backup and restore (SQLite); the MongoDB store refuses it.</summary>
    IVaultSnapshots Snapshots { get; }

    /// <summary>
    /// Forgets the request ids recorded before <paramref name="before"/>: a call repeating one of them is then a new
    /// call. Keeps the idempotency ledger bounded (<see cref="IdempotencyRetention"/>; MongoDB's TTL index also
    /// expires them). Changes nothing else and appends no audit event; returns how many were forgotten.
    /// </summary>
    Task<int> ForgetRequestIdsAsync(DateTimeOffset before, CancellationToken cancellationToken);

    /// <summary>Creates the schema / indexes when missing. Idempotent; called once at start-up.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);
}
