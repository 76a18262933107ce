namespace PasswordSync.Gateway.Sync;

/// <summary>
/// A rotator that wraps another (telemetry, for one) without changing what it does, so code that must know which
/// engine really rotates (bulk jobs batch only beside the real protocol engine) can look through it.
/// </summary>
internal interface IRecordRotatorDecorator
{
    IRecordRotator Inner { get; }
}

internal static class RecordRotatorDecorators
{
    /// <summary>The engine under every decorator.</summary>
    public static IRecordRotator? Unwrap(this IRecordRotator? rotator)
    {
        while (rotator is IRecordRotatorDecorator decorator)
        {
            rotator = decorator.Inner;
        }

        return rotator;
    }
}
