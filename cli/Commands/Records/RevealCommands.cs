using System.CommandLine;
using PasswordSync.Cli.Errors;
using PasswordSync.Cli.Infrastructure;
using PasswordSync.Cli.Output;
using PasswordSync.V1;
using Spectre.Console;

namespace PasswordSync.Cli.Commands.Records;

/// <summary>The commands that read or set a record's password: reveal, reveal-history, set-password.</summary>
public static class RevealCommands
{
    private static readonly Option<string?> Reason = new("--reason") { Description = "Why (kept in the audit log / history)." };
    private static readonly Argument<string> EntryId = new("entry") { Description = "The history entry's id." };
    private static readonly Option<bool> Generate = new("--generate")
    {
        Description = "Generate the password from the list's policy instead of reading it from standard input.",
    };

    public static Command Reveal() => new Command("reveal",
            "Prints the record's current password alone on stdout (or, with --json, the reveal response). Audited.")
        .Having(RecordsCommands.RecordId, Reason).With(RevealAsync);

    public static Command RevealHistory() => new Command("reveal-history", "Prints one previous password. Audited.")
        .Having(RecordsCommands.RecordId, EntryId, Reason).With(RevealHistoryAsync);

    public static Command SetPassword() => new Command("set-password",
            "Sets the password in the vault only (no directory is touched: see save-and-sync). Read from stdin.")
        .Having(RecordsCommands.RecordId, Generate, Reason).With(SetPasswordAsync);

    private static async Task<int> RevealAsync(CliContext cli)
    {
        var revealed = await cli.Records.RevealPasswordAsync(new RevealPasswordRequest
        {
            RecordId = cli.Value(RecordsCommands.RecordId),
            Reason = cli.Value(Reason) ?? "pwsync records reveal",
        }, cli.Call);
        Print(cli, revealed);
        return ExitCodes.Ok;
    }

    private static async Task<int> RevealHistoryAsync(CliContext cli)
    {
        var revealed = await cli.Records.RevealHistoryEntryAsync(new RevealHistoryEntryRequest
        {
            RecordId = cli.Value(RecordsCommands.RecordId),
            EntryId = cli.Value(EntryId),
            Reason = cli.Value(Reason) ?? "pwsync records reveal-history",
        }, cli.Call);
        Print(cli, revealed);
        return ExitCodes.Ok;
    }

    private static async Task<int> SetPasswordAsync(CliContext cli)
    {
        var record = await RecordsCommands.GetRecordAsync(cli, cli.Value(RecordsCommands.RecordId));
        string password;
        if (cli.Value(Generate))
        {
            var generated = await cli.Passwords.GeneratePasswordsAsync(
                new GeneratePasswordsRequest { ListId = record.ListId, Count = 1 }, cli.Call);
            password = generated.Passwords.Single();
        }
        else
        {
            password = SecretInput.Read("new password");
        }

        var updated = await cli.Records.SetPasswordAsync(new SetPasswordRequest
        {
            RecordId = record.Id,
            Version = record.Version,
            Password = password,
            Reason = cli.Value(Reason) ?? "pwsync records set-password",
        }, cli.Call);
        cli.Out.Result(updated, () => new Text($"Stored a new password for {updated.Id} in the vault (the directory "
            + "was not changed; use save-and-sync for that).\n"));
        return ExitCodes.Ok;
    }

    private static void Print(CliContext cli, RevealPasswordResponse revealed)
    {
        if (cli.Out.Json)
        {
            Printer.JsonLine(revealed);
        }
        else
        {
            // The password alone, so `$(pwsync records reveal ID)` captures exactly it.
            Printer.Plain(revealed.Password);
        }
    }
}
