using System.Collections.Concurrent;
using Google.Protobuf.WellKnownTypes;
using PasswordSync.Gateway.Sync;
using PasswordSync.V1;

namespace PasswordSync.Gateway.Tests.Jobs.Support;

/// <summary>
/// TEST DOUBLE of the lockout-safe checking engine (IRecordChecker, built and tested against the real Samba DC on
/// the gw-check branch). It answers a status chosen per record and measures how the report schedules it (checks in
/// flight per target, cancellation), which is what the report's own tests are about. Everything else is real.
/// </summary>
public sealed class ScriptedRecordChecker : IRecordChecker
{
    private readonly ConcurrentDictionary<string, int> inFlight = new();
    private readonly ConcurrentDictionary<string, int> maxInFlight = new();
    private int started;
    private int cancelled;

    public ConcurrentDictionary<string, CheckStatus> Statuses { get; } = new();

    /// <summary>Which target a record belongs to (for the per-target measurements); "default" otherwise.</summary>
    public ConcurrentDictionary<string, string> TargetOf { get; } = new();

    /// <summary>While set and not completed, every check waits for it.</summary>
    public TaskCompletionSource? Hold { get; set; }

    public int Started => Volatile.Read(ref started);

    public int Cancelled => Volatile.Read(ref cancelled);

    public int MaxInFlight(string target) => maxInFlight.GetValueOrDefault(target);

    public async Task<CheckResult> CheckRecordAsync(string recordId, string? candidatePassword,
        CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref started);
        var target = TargetOf.GetValueOrDefault(recordId, "default");
        var now = inFlight.AddOrUpdate(target, 1, (_, n) => n + 1);
        maxInFlight.AddOrUpdate(target, now, (_, max) => Math.Max(max, now));
        try
        {
            if (Hold is { } hold)
            {
                await hold.Task.WaitAsync(cancellationToken);
            }
            else
            {
                await Task.Delay(20, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref cancelled);
            throw;
        }
        finally
        {
            inFlight.AddOrUpdate(target, 0, (_, n) => n - 1);
        }

        var status = Statuses.GetValueOrDefault(recordId, CheckStatus.InSync);
        return new CheckResult
        {
            RecordId = recordId,
            Status = status,
            Message = $"scripted {status}",
            Server = "double",
            CheckTime = Timestamp.FromDateTime(DateTime.UtcNow),
        };
    }
}
