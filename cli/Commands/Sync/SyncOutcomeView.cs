using PasswordSync.Cli.Errors;
using PasswordSync.Cli.Infrastructure;
using PasswordSync.Cli.Output;
using PasswordSync.V1;

namespace PasswordSync.Cli.Commands.Sync;

/// <summary>Prints a save-and-sync / rotate outcome; exit 0 only when both the vault and the directory took it.</summary>
public static class SyncOutcomeView
{
    public static int Print(CliContext cli, SyncOutcome outcome, bool verifyWanted)
    {
        cli.Out.Result(outcome, () => Tables.Fields(
            ("record", outcome.RecordId),
            ("vault updated", Show.YesNo(outcome.VaultUpdated)),
            ("directory updated", Show.YesNo(outcome.DirectoryUpdated)),
            ("verified", Show.YesNo(outcome.Verified)),
            ("server", outcome.Server),
            ("reason", outcome.ReasonCode),
            ("message", outcome.Message)));
        var done = outcome.VaultUpdated && outcome.DirectoryUpdated && (outcome.Verified || !verifyWanted);
        if (!done)
        {
            Printer.Note($"pwsync: the password was not synchronised{(outcome.ReasonCode.Length > 0 ? $" ({outcome.ReasonCode})" : "")}: "
                + (outcome.Message.Length > 0 ? outcome.Message : "see the outcome above."));
        }

        return done ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
