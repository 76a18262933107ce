using PasswordSync.Vault.V1;
using CheckResult = PasswordSync.V1.CheckResult;

namespace PasswordSync.Gateway.Sync.Checks;

/// <summary>
/// A check of a record's stored password: the caller's answer, and what it proved for the vault's sync state (null
/// when it proved nothing, or for a candidate), with the record version it was judged on.
/// </summary>
internal sealed record RecordCheck(CheckResult Result, SyncStateItem? Verdict);
