using Microsoft.Data.Sqlite;

namespace PasswordSync.Vault.Storage.Sqlite;

/// <summary>Typed column reads by name, with the store's value representations.</summary>
internal static class SqliteReaderExtensions
{
    public static string Text(this SqliteDataReader r, string column) =>
        r.IsDBNull(r.GetOrdinal(column)) ? "" : r.GetString(r.GetOrdinal(column));

    public static string? NullableText(this SqliteDataReader r, string column) =>
        r.IsDBNull(r.GetOrdinal(column)) ? null : r.GetString(r.GetOrdinal(column));

    public static long Long(this SqliteDataReader r, string column) => r.GetInt64(r.GetOrdinal(column));

    public static int Int(this SqliteDataReader r, string column) => r.GetInt32(r.GetOrdinal(column));

    public static bool Bool(this SqliteDataReader r, string column) => r.GetInt64(r.GetOrdinal(column)) != 0;

    public static byte[] Blob(this SqliteDataReader r, string column) => r.NullableBlob(column) ?? [];

    public static byte[]? NullableBlob(this SqliteDataReader r, string column) =>
        r.IsDBNull(r.GetOrdinal(column)) ? null : (byte[])r.GetValue(r.GetOrdinal(column));

    public static DateTimeOffset Time(this SqliteDataReader r, string column) => SqliteValues.FromDb(r.Long(column));

    public static DateTimeOffset? NullableTime(this SqliteDataReader r, string column) =>
        r.IsDBNull(r.GetOrdinal(column)) ? null : SqliteValues.FromDb(r.Long(column));
}
