namespace PasswordSync.DirectorySync.Connectors.ActiveDirectory;

/// <summary>Conversions of AD's FILETIME (100 ns ticks since 1601) and negative-interval attributes.</summary>
internal static class AdTime
{
    /// <summary>"Never": AD writes 0 or Int64.MaxValue for unset times such as accountExpires.</summary>
    public static DateTimeOffset? FromFileTime(long? value) =>
        value is null or 0 or long.MaxValue or < 0 ? null : DateTimeOffset.FromFileTime(value.Value).ToUniversalTime();

    /// <summary>Durations such as lockoutDuration are stored as negative 100 ns intervals.</summary>
    public static TimeSpan FromInterval(long? value) =>
        value is null or long.MinValue ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Abs(value.Value));
}
