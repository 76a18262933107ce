using System.CommandLine;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using PasswordSync.Cli.Errors;
using PasswordSync.Cli.Infrastructure;
using PasswordSync.Cli.Output;
using PasswordSync.V1;

namespace PasswordSync.Cli.Commands.Admin;

/// <summary><c>pwsync admin audit [filters]</c> and <c>pwsync admin verify-audit</c>.</summary>
public static class AuditCommands
{
    private static readonly Option<string?> ListId = new("--list") { Description = "Only events of this list." };
    private static readonly Option<string?> RecordId = new("--record") { Description = "Only events of this record." };
    private static readonly Option<string?> Actor = new("--actor") { Description = "Only this actor (e.g. apikey:<id>)." };
    private static readonly Option<string?> Action = new("--action") { Description = "Only this action." };
    private static readonly Option<DateTimeOffset?> From = new("--from") { Description = "From this time (ISO 8601)." };
    private static readonly Option<DateTimeOffset?> To = new("--to") { Description = "Up to this time (ISO 8601)." };
    private static readonly Option<int> Limit = new("--limit")
    {
        Description = "At most this many events.",
        DefaultValueFactory = _ => 100,
    };

    public static Command Query() => new Command("audit", "The audit log (oldest first), filtered.")
        .Having(ListId, RecordId, Actor, Action, From, To, Limit).With(QueryAsync);

    public static Command Verify() => new Command("verify-audit",
            "Recomputes the audit log's hash chain; prints the head hash to anchor elsewhere. Exit 1 when broken.")
        .With(VerifyAsync);

    private static async Task<int> QueryAsync(CliContext cli)
    {
        var limit = cli.Value(Limit);
        if (limit <= 0)
        {
            throw CliException.Usage("--limit must be positive.");
        }

        var events = new List<AuditEvent>();
        var token = "";
        do
        {
            var request = new QueryAuditRequest
            {
                ListId = cli.Value(ListId) ?? "",
                RecordId = cli.Value(RecordId) ?? "",
                Actor = cli.Value(Actor) ?? "",
                Action = cli.Value(Action) ?? "",
                PageSize = Math.Min(limit - events.Count, 500),
                PageToken = token,
            };
            if (cli.Value(From) is { } from)
            {
                request.FromTime = Timestamp.FromDateTimeOffset(from);
            }

            if (cli.Value(To) is { } to)
            {
                request.ToTime = Timestamp.FromDateTimeOffset(to);
            }

            var page = await cli.Admin.QueryAuditAsync(request, cli.Call);
            events.AddRange(page.Events.Take(limit - events.Count));
            token = page.NextPageToken;
        }
        while (token.Length > 0 && events.Count < limit);

        cli.Out.Rows(events, ["#", "time", "action", "actor", "list", "record", "target", "detail"], e =>
            [e.Sequence.ToString(CultureInfo.InvariantCulture), Show.Time(e.Time), e.Action, e.Actor, e.ListId,
                e.RecordId, e.TargetId, e.Detail]);
        return ExitCodes.Ok;
    }

    private static async Task<int> VerifyAsync(CliContext cli)
    {
        var result = await cli.Admin.VerifyAuditAsync(new VerifyAuditRequest(), cli.Call);
        cli.Out.Result(result, () => Tables.Fields(
            ("valid", Show.YesNo(result.Valid)),
            ("head sequence", result.HeadSequence.ToString(CultureInfo.InvariantCulture)),
            ("head hash", result.HeadHash),
            ("first invalid", result.Valid ? null : result.FirstInvalidSequence.ToString(CultureInfo.InvariantCulture)),
            ("problem", result.Problem)));
        return result.Valid ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
