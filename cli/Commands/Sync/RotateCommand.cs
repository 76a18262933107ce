using System.CommandLine;
using PasswordSync.Cli.Commands.Records;
using PasswordSync.Cli.Infrastructure;
using PasswordSync.V1;

namespace PasswordSync.Cli.Commands.Sync;

/// <summary><c>pwsync rotate &lt;record&gt;</c>: a new password from the list's policy, set, verified and stored.</summary>
public static class RotateCommand
{
    public static Command Build() => new Command("rotate",
            "Rotates the record's password: generated from the list's policy, set in the directory, verified, stored.")
        .Having(RecordsCommands.RecordId, SaveAndSyncCommand.RequestId).With(RunAsync);

    private static async Task<int> RunAsync(CliContext cli)
    {
        var record = await RecordsCommands.GetRecordAsync(cli, cli.Value(RecordsCommands.RecordId));
        var outcome = await cli.Sync.RotateAsync(new RotateRequest
        {
            RecordId = record.Id,
            Version = record.Version,
            RequestId = cli.Value(SaveAndSyncCommand.RequestId) ?? "",
        }, cli.Call);
        return SyncOutcomeView.Print(cli, outcome, verifyWanted: true);
    }
}
