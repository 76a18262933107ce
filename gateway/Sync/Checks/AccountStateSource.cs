using DirectoryTarget = PasswordSync.Directory.V1.Target;

namespace PasswordSync.Gateway.Sync.Checks;

/// <summary>
/// Where a check may find its account's state already read (the sync report's read-ahead). Null when there is none:
/// the check then reads the state itself. Never throws for a failed read (that read is simply not there); only
/// cancellation ends it.
/// </summary>
internal delegate Task<PrefetchedState?> AccountStateSource(DirectoryTarget target, string account,
    CancellationToken cancellationToken);
