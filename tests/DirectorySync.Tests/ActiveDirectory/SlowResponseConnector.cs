using PasswordSync.DirectorySync.Connectors;
using PasswordSync.DirectorySync.Connectors.ActiveDirectory;

namespace PasswordSync.DirectorySync.Tests.ActiveDirectory;

/// <summary>
/// Fault injection around the REAL AD connector: a change is really made on the DC, but its answer "arrives" only
/// after a delay, as when a DC takes the write and the reply is lost in a timeout. Counts the changes sent.
/// </summary>
internal sealed class SlowResponseConnector(AdConnector inner, TimeSpan answerDelay) : IDirectoryConnector
{
    private int changes;

    public int ChangesSent => Volatile.Read(ref changes);

    public IReadOnlyCollection<DirectoryKind> Kinds => inner.Kinds;

    public Task<VerifyResult> VerifyAsync(DirectoryTarget target, AccountName account, Secret password,
        string? pinnedServer, CancellationToken cancellationToken) =>
        inner.VerifyAsync(target, account, password, pinnedServer, cancellationToken);

    public Task<WriteResult> ResetAsync(DirectoryTarget target, AccountName account, Secret newPassword,
        string? pinnedServer, CancellationToken cancellationToken) =>
        inner.ResetAsync(target, account, newPassword, pinnedServer, cancellationToken);

    public async Task<WriteResult> ChangeAsync(DirectoryTarget target, AccountName account, Secret oldPassword,
        Secret newPassword, string? pinnedServer, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref changes);
        var result = await inner.ChangeAsync(target, account, oldPassword, newPassword, pinnedServer, cancellationToken);
        await Task.Delay(answerDelay, cancellationToken);
        return result;
    }

    public Task<AccountState> GetAccountStateAsync(DirectoryTarget target, AccountName account, string? pinnedServer,
        CancellationToken cancellationToken) =>
        inner.GetAccountStateAsync(target, account, pinnedServer, cancellationToken);

    public Task<IReadOnlyList<TargetCheck>> TestAsync(DirectoryTarget target, CancellationToken cancellationToken) =>
        inner.TestAsync(target, cancellationToken);
}
