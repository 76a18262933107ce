namespace PasswordSync.Vault.Storage.Mongo.Documents;

/// <summary>
/// BSON dates hold UTC milliseconds: times are truncated to the millisecond on the way in, so what is read back
/// equals what was written (the audit hash covers milliseconds only, too).
/// </summary>
internal static class BsonDates
{
    public static DateTime ToBson(DateTimeOffset value)
    {
        var ticks = value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerMillisecond);
        return new DateTime(ticks, DateTimeKind.Utc);
    }

    public static DateTime? ToBson(DateTimeOffset? value) => value is { } v ? ToBson(v) : null;

    public static DateTimeOffset FromBson(DateTime value) =>
        new(DateTime.SpecifyKind(value, DateTimeKind.Utc), TimeSpan.Zero);

    public static DateTimeOffset? FromBson(DateTime? value) => value is { } v ? FromBson(v) : null;
}
