using System.CommandLine;
using PasswordSync.Cli.Errors;
using PasswordSync.Cli.Infrastructure;
using PasswordSync.Cli.Output;
using PasswordSync.V1;
using Spectre.Console;

namespace PasswordSync.Cli.Commands.Records;

/// <summary><c>pwsync records list|get|create|update|delete|restore|reveal|history|reveal-history|set-password</c>.</summary>
public static class RecordsCommands
{
    internal static readonly Argument<string> RecordId = new("record") { Description = "The record's id." };

    private static readonly Argument<string> ListId = new("list") { Description = "The list's id." };
    private static readonly Option<string?> TitleFilter = new("--title") { Description = "Only titles containing this." };
    private static readonly Option<string?> UserNameFilter = new("--user-name") { Description = "Only user names containing this." };
    private static readonly Option<string?> DomainFilter = new("--domain-or-host") { Description = "Only these domains or hosts." };
    private static readonly Option<bool> Deleted = new("--deleted") { Description = "Only soft-deleted records." };

    public static Command Build() => new Command("records", "Records: one account each.").Having(
        new Command("list", "A list's records (filters are case-insensitive substrings).")
            .Having(ListId, TitleFilter, UserNameFilter, DomainFilter, Deleted).With(ListAsync),
        new Command("get", "One record (never its password: see reveal).").Having(RecordId).With(GetAsync),
        RecordWriteCommands.Create(),
        RecordWriteCommands.Update(),
        new Command("delete", "Soft-deletes a record (restorable for the retention period).").Having(RecordId).With(DeleteAsync),
        new Command("restore", "Restores a soft-deleted record.").Having(RecordId).With(RestoreAsync),
        RevealCommands.Reveal(),
        new Command("history", "Previous passwords: when, by whom and why (never the values).").Having(RecordId).With(HistoryAsync),
        RevealCommands.RevealHistory(),
        RevealCommands.SetPassword());

    internal static Task<Record> GetRecordAsync(CliContext cli, string id) =>
        cli.Records.GetRecordAsync(new GetRecordRequest { RecordId = id }, cli.Call).ResponseAsync;

    private static async Task<int> ListAsync(CliContext cli)
    {
        var records = await Paging.AllAsync<Record>(async token =>
        {
            var page = await cli.Records.ListRecordsAsync(new ListRecordsRequest
            {
                ListId = cli.Value(ListId),
                PageToken = token,
                Title = cli.Value(TitleFilter) ?? "",
                UserName = cli.Value(UserNameFilter) ?? "",
                DomainOrHost = cli.Value(DomainFilter) ?? "",
                ShowDeleted = cli.Value(Deleted),
            }, cli.Call);
            return (page.Records, page.NextPageToken);
        });
        cli.Out.Rows(records, RecordView.Columns, RecordView.Row);
        return ExitCodes.Ok;
    }

    private static async Task<int> GetAsync(CliContext cli)
    {
        var record = await GetRecordAsync(cli, cli.Value(RecordId));
        cli.Out.Result(record, () => RecordView.Describe(record));
        return ExitCodes.Ok;
    }

    private static async Task<int> DeleteAsync(CliContext cli)
    {
        var record = await GetRecordAsync(cli, cli.Value(RecordId));
        var deleted = await cli.Records.DeleteRecordAsync(
            new DeleteRecordRequest { RecordId = record.Id, Version = record.Version }, cli.Call);
        cli.Out.Result(deleted, () => new Text($"Deleted record {deleted.Id} ({deleted.Title}); "
            + $"'pwsync records restore {deleted.Id}' brings it back.\n"));
        return ExitCodes.Ok;
    }

    private static async Task<int> RestoreAsync(CliContext cli)
    {
        var record = await GetRecordAsync(cli, cli.Value(RecordId));
        var restored = await cli.Records.RestoreRecordAsync(
            new RestoreRecordRequest { RecordId = record.Id, Version = record.Version }, cli.Call);
        cli.Out.Result(restored, () => RecordView.Describe(restored));
        return ExitCodes.Ok;
    }

    private static async Task<int> HistoryAsync(CliContext cli)
    {
        var entries = await Paging.AllAsync<PasswordHistoryEntry>(async token =>
        {
            var page = await cli.Records.ListPasswordHistoryAsync(
                new ListPasswordHistoryRequest { RecordId = cli.Value(RecordId), PageToken = token }, cli.Call);
            return (page.Entries, page.NextPageToken);
        });
        cli.Out.Rows(entries, ["entry", "replaced", "changed by", "reason"], entry =>
            [entry.Id, Show.Time(entry.ReplaceTime), entry.ChangedBy, entry.Reason]);
        return ExitCodes.Ok;
    }
}
