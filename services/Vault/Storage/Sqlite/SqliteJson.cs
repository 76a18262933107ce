using System.Text.Json;

namespace PasswordSync.Vault.Storage.Sqlite;

/// <summary>Non-secret structured values (field configuration, policy, name lists) stored as JSON text.</summary>
internal static class SqliteJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General);

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException("A stored JSON value is null.");
}
