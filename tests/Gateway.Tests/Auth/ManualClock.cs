namespace PasswordSync.Gateway.Tests.Auth;

/// <summary>A clock the test moves by hand, for time-based limits (no sleeping in tests).</summary>
internal sealed class ManualClock : TimeProvider
{
    private DateTimeOffset now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
