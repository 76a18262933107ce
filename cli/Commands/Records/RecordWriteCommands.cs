using System.CommandLine;
using Google.Protobuf.WellKnownTypes;
using PasswordSync.Cli.Errors;
using PasswordSync.Cli.Infrastructure;
using PasswordSync.V1;

namespace PasswordSync.Cli.Commands.Records;

/// <summary><c>records create</c> and <c>records update</c>.</summary>
public static class RecordWriteCommands
{
    private static readonly Argument<string> ListId = new("list") { Description = "The list the record goes into." };
    private static readonly Option<bool> PasswordStdin = new("--password-stdin")
    {
        Description = "Read the initial password from standard input (asked twice, unechoed, at a terminal).",
    };
    private static readonly Option<bool> Generate = new("--generate")
    {
        Description = "Generate the initial password from the list's policy (not shown: reveal it when needed).",
    };

    public static Command Create() => new Command("create", "Creates a record. Passwords are never taken as arguments.")
        .Having([ListId, .. RecordFieldOptions.All, PasswordStdin, Generate])
        .With(CreateAsync);

    public static Command Update() => new Command("update", "Changes the fields given (the password: set-password or save-and-sync).")
        .Having([RecordsCommands.RecordId, .. RecordFieldOptions.All])
        .With(UpdateAsync);

    private static async Task<int> CreateAsync(CliContext cli)
    {
        if (cli.Value(PasswordStdin) && cli.Value(Generate))
        {
            throw CliException.Usage("--password-stdin and --generate exclude each other.");
        }

        var listId = cli.Value(ListId);
        var record = new Record();
        await RecordFieldOptions.ApplyAsync(cli, record, listId);
        if (cli.Value(PasswordStdin))
        {
            record.Password = SecretInput.Read("password");
        }
        else if (cli.Value(Generate))
        {
            var generated = await cli.Passwords.GeneratePasswordsAsync(
                new GeneratePasswordsRequest { ListId = listId, Count = 1 }, cli.Call);
            record.Password = generated.Passwords.Single();
        }

        var created = await cli.Records.CreateRecordAsync(new CreateRecordRequest { ListId = listId, Record = record }, cli.Call);
        cli.Out.Result(created, () => RecordView.Describe(created));
        return ExitCodes.Ok;
    }

    private static async Task<int> UpdateAsync(CliContext cli)
    {
        var current = await RecordsCommands.GetRecordAsync(cli, cli.Value(RecordsCommands.RecordId));
        var changes = new Record();
        var paths = await RecordFieldOptions.ApplyAsync(cli, changes, current.ListId);
        if (paths.Count == 0)
        {
            throw CliException.Usage("Nothing to update.", "Give at least one field, e.g. --title or --field generic2=x.");
        }

        var mask = new FieldMask();
        mask.Paths.AddRange(paths);
        var updated = await cli.Records.UpdateRecordAsync(new UpdateRecordRequest
        {
            RecordId = current.Id,
            Record = changes,
            UpdateMask = mask,
            Version = current.Version,
        }, cli.Call);
        cli.Out.Result(updated, () => RecordView.Describe(updated));
        return ExitCodes.Ok;
    }
}
