using Microsoft.Data.Sqlite;

namespace PasswordSync.Vault.Storage.Sqlite;

/// <summary>
/// Typed column reads by name (or by ordinal, for the hot record rows: a name costs the reader a lookup that, on a
/// reader's first row, asks SQLite for every column's name), with the store's value representations.
/// </summary>
internal static class SqliteReaderExtensions
{
    public static string Text(this SqliteDataReader r, string column) => r.Text(r.GetOrdinal(column));

    public static string Text(this SqliteDataReader r, int ordinal) => r.IsDBNull(ordinal) ? "" : r.GetString(ordinal);

    public static string? NullableText(this SqliteDataReader r, string column) => r.NullableText(r.GetOrdinal(column));

    public static string? NullableText(this SqliteDataReader r, int ordinal) =>
        r.IsDBNull(ordinal) ? null : r.GetString(ordinal);

    public static long Long(this SqliteDataReader r, string column) => r.GetInt64(r.GetOrdinal(column));

    public static int Int(this SqliteDataReader r, string column) => r.GetInt32(r.GetOrdinal(column));

    public static bool Bool(this SqliteDataReader r, string column) => r.GetInt64(r.GetOrdinal(column)) != 0;

    public static byte[] Blob(this SqliteDataReader r, string column) => r.NullableBlob(column) ?? [];

    public static byte[] Blob(this SqliteDataReader r, int ordinal) => r.NullableBlob(ordinal) ?? [];

    public static byte[]? NullableBlob(this SqliteDataReader r, string column) => r.NullableBlob(r.GetOrdinal(column));

    public static byte[]? NullableBlob(this SqliteDataReader r, int ordinal) =>
        r.IsDBNull(ordinal) ? null : (byte[])r.GetValue(ordinal);

    public static DateTimeOffset Time(this SqliteDataReader r, string column) => SqliteValues.FromDb(r.Long(column));

    public static DateTimeOffset Time(this SqliteDataReader r, int ordinal) => SqliteValues.FromDb(r.GetInt64(ordinal));

    public static DateTimeOffset? NullableTime(this SqliteDataReader r, string column) =>
        r.NullableTime(r.GetOrdinal(column));

    public static DateTimeOffset? NullableTime(this SqliteDataReader r, int ordinal) =>
        r.IsDBNull(ordinal) ? null : SqliteValues.FromDb(r.GetInt64(ordinal));
}
