using PasswordSync.Vault.V1;

namespace PasswordSync.Gateway.Sync.Checks;

/// <summary>A record about to be checked: it, its list, and whether (and where) it can be synchronised.</summary>
internal sealed record RecordCheckPlan(Record Record, PasswordList List, SyncEligibility Eligibility);
