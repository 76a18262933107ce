namespace PasswordSync.Vault.Storage;

/// <summary>
/// All of the vault's state. Two implementations (SQLite, the embedded default; MongoDB for production) pass one
/// contract test suite. Rules every implementation follows:
/// - every mutating call is one atomic step, and appends its audit event in the same step (transaction), so a change
///   and its audit record exist together or not at all;
/// - a refused call throws <see cref="StoreException"/> and changes nothing;
/// - updates carry the version they read and bump it by one;
/// - calls that take a request id are idempotent: repeating the same request id returns the first result;
/// - the store never sees plaintext secrets, only sealed bytes and wrapped data keys.
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

    /// <summary>Creates the schema / indexes when missing. Idempotent; called once at start-up.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);
}
