using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PasswordSync.Vault.Keyrings;

/// <summary>
/// The key ring's JSON form, used both for the key file and for the PASSWORDSYNC_VAULT_KEYRING environment variable:
/// <code>
/// { "formatVersion": 1, "activeVersion": 2,
///   "keys": [ { "version": 1, "key": "&lt;base64 of 32 bytes&gt;", "createdAt": "2026-11-25T14:00:00+00:00" }, ... ] }
/// </code>
/// Parsing is strict and its errors name the offending entry, never key material.
/// </summary>
public static class KeyringJson
{
    public const int FormatVersion = 1;

    public static Keyring Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            // Only the position: JsonException's own message may quote a character of the input, i.e. of a key.
            throw new InvalidKeyringException(
                $"not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1} of that line).");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidKeyringException("the JSON must be an object with formatVersion, activeVersion and keys.");
            }

            var format = RequiredInt(root, "formatVersion", "the key ring");
            if (format != FormatVersion)
            {
                throw new InvalidKeyringException(
                    $"formatVersion is {format}; this vault reads format {FormatVersion} only.");
            }

            var active = RequiredInt(root, "activeVersion", "the key ring");
            if (!root.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidKeyringException("no \"keys\" array.");
            }

            return new Keyring(keys.EnumerateArray().Select(ParseKey).ToList(), active);
        }
    }

    public static string Serialize(Keyring keyring)
    {
        ArgumentNullException.ThrowIfNull(keyring);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("formatVersion", FormatVersion);
            writer.WriteNumber("activeVersion", keyring.ActiveVersion);
            writer.WriteStartArray("keys");
            foreach (var key in keyring.Keys)
            {
                writer.WriteStartObject();
                writer.WriteNumber("version", key.Version);
                writer.WriteBase64String("key", key.Material);
                writer.WriteString("createdAt", key.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static KeyEncryptionKey ParseKey(JsonElement entry, int index)
    {
        var where = $"keys[{index}]";
        if (entry.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidKeyringException($"{where} is not an object.");
        }

        var version = RequiredInt(entry, "version", where);
        if (version <= 0)
        {
            throw new InvalidKeyringException($"{where} has version {version}; versions start at 1.");
        }

        where = $"KEK version {version}";
        if (!entry.TryGetProperty("key", out var keyElement) || keyElement.ValueKind != JsonValueKind.String
            || !keyElement.TryGetBytesFromBase64(out var material))
        {
            throw new InvalidKeyringException($"{where} has no \"key\" holding base64 text.");
        }

        if (material.Length != KeyEncryptionKey.SizeInBytes)
        {
            throw new InvalidKeyringException(
                $"{where} is {material.Length * 8} bits long; a KEK must be {KeyEncryptionKey.SizeInBytes * 8} bits.");
        }

        var createdAt = DateTimeOffset.MinValue;
        if (entry.TryGetProperty("createdAt", out var created)
            && (created.ValueKind != JsonValueKind.String || !created.TryGetDateTimeOffset(out createdAt)))
        {
            throw new InvalidKeyringException($"{where} has a createdAt that is not an ISO 8601 date.");
        }

        return new KeyEncryptionKey(version, material, createdAt);
    }

    private static int RequiredInt(JsonElement element, string name, string where)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Number
            || !value.TryGetInt32(out var number))
        {
            throw new InvalidKeyringException($"{where} has no integer \"{name}\".");
        }

        return number;
    }
}
