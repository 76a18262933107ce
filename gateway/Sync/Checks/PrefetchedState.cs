using PasswordSync.Directory.V1;

namespace PasswordSync.Gateway.Sync.Checks;

/// <summary>
/// An account's state read before its check took the account's lock (the sync report's read-ahead: one directory call
/// for the states of several accounts). The check binds on it only while it still describes the account: no check or
/// rotation of the account ended after <paramref name="ReleaseMark"/> (<see cref="AccountLocks.ReleasedSince"/>), and
/// the read began at most <paramref name="MaxAge"/> before the bind; otherwise the check reads the state again itself.
/// </summary>
/// <param name="State">The account's state, as GetAccountState would have answered then.</param>
/// <param name="ReleaseMark"><see cref="AccountLocks.ReleaseMark"/>, taken before the read was sent.</param>
/// <param name="ReadStarted">When the read was sent (<see cref="TimeProvider.GetTimestamp"/>).</param>
/// <param name="MaxAge">How old the read may be when the bind is made.</param>
internal sealed record PrefetchedState(AccountState State, long ReleaseMark, long ReadStarted, TimeSpan MaxAge);
