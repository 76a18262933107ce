namespace PasswordSync.Vault.Storage.Sqlite;

/// <summary>How values are represented in the database.</summary>
internal static class SqliteValues
{
    /// <summary>Times are stored as UTC Unix milliseconds, the precision every store round-trips exactly.</summary>
    public static long ToDb(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static object ToDb(DateTimeOffset? time) => time is { } t ? t.ToUnixTimeMilliseconds() : DBNull.Value;

    public static DateTimeOffset FromDb(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);

    public static DateTimeOffset Truncate(DateTimeOffset time) => FromDb(ToDb(time));

    /// <summary>
    /// Case folding done here rather than with SQLite's NOCASE/LIKE, which fold ASCII only: "Ä" and "ä" must match.
    /// </summary>
    public static string Fold(string text) => text.ToUpperInvariant();

    /// <summary>A LIKE pattern matching <paramref name="text"/> anywhere, with % _ and the escape itself taken literally.</summary>
    public static string ContainsPattern(string text) =>
        "%" + Fold(text).Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
}
