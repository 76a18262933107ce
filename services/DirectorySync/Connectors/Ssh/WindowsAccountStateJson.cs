using System.Globalization;
using System.Text.Json;

namespace PasswordSync.DirectorySync.Connectors.Ssh;

/// <summary>Reads the JSON printed by <see cref="WindowsPowerShellCommands.AccountStateScript"/>.</summary>
internal static class WindowsAccountStateJson
{
    public static AccountState Parse(string json, string server)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var passwordLastSet = Text(root, "PasswordLastSet");
        return new AccountState(
            Exists: true,
            Enabled: root.GetProperty("Enabled").GetBoolean(),
            LockedOut: false,
            LockedOutUntil: null,
            BadPasswordCount: 0,
            LastBadPasswordTime: null,
            LockoutPolicy: null,
            PasswordLastSetRaw: passwordLastSet,
            MustChangePassword: false,
            AccountExpires: Date(Text(root, "AccountExpires")),
            PasswordExpires: Date(Text(root, "PasswordExpires")),
            Server: server,
            DistinguishedName: null);
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateTimeOffset? Date(string? value) =>
        value is not null && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind,
            out var date)
            ? date
            : null;
}
