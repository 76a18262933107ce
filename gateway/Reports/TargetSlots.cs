using PasswordSync.Gateway.Jobs;

namespace PasswordSync.Gateway.Reports;

/// <summary>
/// A report's two per-target limits for one record: admission (how many of the target's records are being checked at
/// once, directory or not: 3N, so up to 2N can get ready while N are in the directory) and the directory slot (N: how many
/// operations the directory sees at once from this report).
/// </summary>
internal sealed class TargetSlots(string targetId, PerTargetLimiter directory, PerTargetLimiter admission)
{
    public string TargetId { get; } = targetId;

    public Task<IDisposable> AdmitAsync(CancellationToken cancellationToken) =>
        AcquireAsync(admission, cancellationToken);

    /// <summary>The directory slot; the check engine takes it under the account's lock, around its directory calls.</summary>
    public Task<IDisposable> DirectoryAsync(CancellationToken cancellationToken) =>
        AcquireAsync(directory, cancellationToken);

    private async Task<IDisposable> AcquireAsync(PerTargetLimiter limiter, CancellationToken cancellationToken)
    {
        var slot = await limiter.AcquireAsync(TargetId, cancellationToken);
        if (cancellationToken.IsCancellationRequested)
        {
            // A slot freed by a check that was just cancelled may still be handed to a waiter: start nothing new.
            slot.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
        }

        return slot;
    }
}
