namespace PasswordSync.Gateway.Sync.Checks;

/// <summary>
/// Waits for the caller's share of a directory (the sync report's per-target slot) and gives it back when disposed.
/// The engine takes it only around its directory calls, after the account's lock, so vault work before and after a
/// check never holds a directory slot.
/// </summary>
internal delegate Task<IDisposable> DirectorySlot(CancellationToken cancellationToken);
