using System.CommandLine;
using PasswordSync.Cli.Commands.Records;
using PasswordSync.Cli.Errors;
using PasswordSync.Cli.Infrastructure;
using PasswordSync.Cli.Output;
using PasswordSync.V1;

namespace PasswordSync.Cli.Commands.Sync;

/// <summary>
/// <c>pwsync check &lt;record&gt; [--candidate]</c> and <c>pwsync check-account &lt;list&gt;</c>: does the directory accept
/// the password? Never locks an account (the gateway reads the account's state first). Exit 0 only when in sync.
/// </summary>
public static class CheckCommands
{
    private static readonly Option<bool> Candidate = new("--candidate")
    {
        Description = "Check a candidate password read from standard input instead of the stored one.",
    };
    private static readonly Argument<string> ListId = new("list") { Description = "The list whose policy and targets apply." };
    private static readonly Option<string> UserName = new("--user-name") { Description = "The account.", Required = true };
    private static readonly Option<string> DomainOrHost = new("--domain-or-host")
    {
        Description = "The registered target's name (e.g. the AD domain).",
        Required = true,
    };

    public static Command Check() => new Command("check",
            "Checks that the directory accepts the record's stored password (or a candidate), without risking a lockout.")
        .Having(RecordsCommands.RecordId, Candidate).With(CheckAsync);

    public static Command CheckAccount() => new Command("check-account",
            "Checks an account and a candidate password (from standard input) before any record exists.")
        .Having(ListId, UserName, DomainOrHost).With(CheckAccountAsync);

    private static async Task<int> CheckAsync(CliContext cli)
    {
        var request = new CheckRecordPasswordRequest { RecordId = cli.Value(RecordsCommands.RecordId) };
        if (cli.Value(Candidate))
        {
            request.CandidatePassword = SecretInput.Read("candidate password");
        }

        return Print(cli, await cli.Sync.CheckRecordPasswordAsync(request, cli.Call));
    }

    private static async Task<int> CheckAccountAsync(CliContext cli)
    {
        var result = await cli.Sync.CheckAccountPasswordAsync(new CheckAccountPasswordRequest
        {
            ListId = cli.Value(ListId),
            UserName = cli.Value(UserName),
            DomainOrHost = cli.Value(DomainOrHost),
            CandidatePassword = SecretInput.Read("candidate password"),
        }, cli.Call);
        return Print(cli, result);
    }

    private static int Print(CliContext cli, CheckResult result)
    {
        cli.Out.Result(result, () => Tables.Fields(
            ("record", result.RecordId),
            ("status", Show.Name(result.Status)),
            ("reason", result.ReasonCode),
            ("message", result.Message),
            ("server", result.Server),
            ("checked", Show.Time(result.CheckTime))));
        return result.Status == CheckStatus.InSync ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
