namespace PasswordSync.Vault.Storage;

/// <summary>Why a store refused an operation; the API maps each to a gRPC status.</summary>
public enum StoreError
{
    /// <summary>The entity does not exist (or is deleted, where that matters). → NotFound</summary>
    NotFound,
    /// <summary>The expected version is stale. → Aborted</summary>
    VersionConflict,
    /// <summary>A unique value (target name, list name) is taken. → AlreadyExists</summary>
    AlreadyExists,
    /// <summary>The record has a pending rotation (begin twice, delete during rotation). → FailedPrecondition</summary>
    RotationPending,
    /// <summary>Commit/abort/renew for a rotation id that is not the record's pending one. → FailedPrecondition</summary>
    RotationMismatch,
    /// <summary>The lease is held by another owner and has not expired. → FailedPrecondition</summary>
    LeaseHeld,
    /// <summary>The entity is in a state that forbids the operation (restore after retention, delete a non-empty list). → FailedPrecondition</summary>
    InvalidState,
    /// <summary>The page token was not issued by this store for this query. → InvalidArgument</summary>
    InvalidPageToken,
    /// <summary>A request id was reused for a different operation or different arguments. → InvalidArgument</summary>
    RequestIdReused,
}

/// <summary>A refused store operation. Nothing was changed. The message names ids, never secrets.</summary>
public sealed class StoreException(StoreError error, string message) : Exception(message)
{
    public StoreError Error { get; } = error;
}
