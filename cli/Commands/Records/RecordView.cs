using System.Globalization;
using PasswordSync.Cli.Output;
using PasswordSync.V1;
using Spectre.Console.Rendering;

namespace PasswordSync.Cli.Commands.Records;

/// <summary>How records read in tables. Records never carry a password (only Reveal returns one).</summary>
public static class RecordView
{
    public static readonly string[] Columns = ["id", "title", "user name", "type", "domain or host", "sync", "state"];

    public static string?[] Row(Record record) =>
        [record.Id, record.Title, record.UserName, Show.Name(record.AccountType), record.DomainOrHost,
            record.SyncEnabled ? "enabled" : "disabled", State(record)];

    public static IRenderable Describe(Record record) => Tables.Fields(
        ("id", record.Id),
        ("list", record.ListId),
        ("title", record.Title),
        ("user name", record.UserName),
        ("account type", Show.Name(record.AccountType)),
        ("domain or host", record.DomainOrHost),
        ("description", record.Description),
        ("url", record.Url),
        ("notes", record.Notes),
        ("generic fields", string.Join(", ", record.GenericFields.OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => $"{pair.Key}={pair.Value}"))),
        ("expires", Show.Time(record.ExpiryTime)),
        ("has password", Show.YesNo(record.HasPassword)),
        ("password changed", Show.Time(record.PasswordChangeTime)),
        ("sync enabled", record.SyncEnabled ? "yes" : $"no: {record.SyncDisabledReason}"),
        ("sync state", State(record)),
        ("last sync", Show.Time(record.LastSyncTime)),
        ("last verified", Show.Time(record.LastVerifyTime)),
        ("rotation pending", Show.YesNo(record.RotationPending)),
        ("version", record.Version.ToString(CultureInfo.InvariantCulture)),
        ("created", Show.Time(record.CreateTime)),
        ("updated", Show.Time(record.UpdateTime)),
        ("deleted", Show.Time(record.DeleteTime)));

    private static string State(Record record)
    {
        var state = record.SyncState == SyncState.Unspecified ? "never checked" : Show.Name(record.SyncState);
        if (record.RotationPending)
        {
            state += " (rotation pending)";
        }

        return record.SyncReason.Length > 0 ? $"{state}: {record.SyncReason}" : state;
    }
}
