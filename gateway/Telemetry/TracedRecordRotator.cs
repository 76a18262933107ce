using System.Diagnostics;
using PasswordSync.Gateway.Sync;
using PasswordSync.V1;

namespace PasswordSync.Gateway.Telemetry;

/// <summary>
/// Wraps the rotation engine in its span and duration metric, and counts the calls that end with an error.
/// A decorator, so the engine itself only reports its outcomes (<see cref="RotationTelemetry.Settled"/>).
/// </summary>
internal sealed class TracedRecordRotator(IRecordRotator inner) : IRecordRotator, IRecordRotatorDecorator
{
    public IRecordRotator Inner => inner;

    public async Task<SyncOutcome> RotateAsync(RotationCommand command, CancellationToken cancellationToken)
    {
        using var activity = RotationTelemetry.Start(command);
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await inner.RotateAsync(command, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            RotationTelemetry.Failed(activity, e);
            throw;
        }
        finally
        {
            RotationTelemetry.Finished(command, Stopwatch.GetElapsedTime(started));
        }
    }
}
