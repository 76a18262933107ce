using PasswordSync.V1;
using PasswordSync.Vault.V1;

namespace PasswordSync.Gateway.Sync.Checks;

/// <summary>
/// A check's answer plus what it proved about the stored password, for the vault's sync state. <see cref="Verdict"/>
/// is null when the check learnt nothing about the password (disabled, locked, skipped, error): the stored state is
/// then left alone.
/// </summary>
/// <param name="Result">What the caller gets (record_id is filled in by the caller of the engine).</param>
/// <param name="Verdict">In sync / out of sync, when proven.</param>
/// <param name="ProvenPasswordLastSet">
/// The directory's password-last-set value read just before a bind that proved the password; stored as the new
/// drift baseline. Null keeps the stored one.
/// </param>
internal sealed record CheckOutcome(CheckResult Result, RecordSyncStatus? Verdict, string? ProvenPasswordLastSet);
