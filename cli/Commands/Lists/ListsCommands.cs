using System.CommandLine;
using PasswordSync.Cli.Errors;
using PasswordSync.Cli.Infrastructure;
using PasswordSync.Cli.Output;
using PasswordSync.V1;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace PasswordSync.Cli.Commands.Lists;

/// <summary><c>pwsync lists list|get|create|delete|readiness</c>.</summary>
public static class ListsCommands
{
    private const string DomainOrHostLabel = "Domain or Host";

    private static readonly Argument<string> ListId = new("list") { Description = "The list's id." };

    public static Command Build() => new Command("lists", "Password lists: containers of records.").Having(
        new Command("list", "All lists.").With(ListAsync),
        new Command("get", "One list, its fields, policy and readiness.").Having(ListId).With(GetAsync),
        CreateCommand.Build(),
        new Command("delete", "Deletes an empty list.").Having(ListId).With(DeleteAsync),
        new Command("readiness", "Whether the list is ready for synchronisation, and what is missing.")
            .Having(ListId).With(ReadinessAsync));

    private static async Task<int> ListAsync(CliContext cli)
    {
        var lists = await Paging.AllAsync<PasswordList>(async token =>
        {
            var page = await cli.Lists.ListListsAsync(new ListListsRequest { PageToken = token }, cli.Call);
            return (page.Lists, page.NextPageToken);
        });
        cli.Out.Rows(lists, ["id", "name", "records fields", "ready for sync", "updated"], list =>
            [list.Id, list.Name, string.Join(", ", list.StandardFields.Select(value => Show.Name(value))),
                Show.YesNo(list.Readiness?.Ready == true), Show.Time(list.UpdateTime)]);
        return ExitCodes.Ok;
    }

    private static async Task<int> GetAsync(CliContext cli)
    {
        var list = await cli.Lists.GetListAsync(new GetListRequest { ListId = cli.Value(ListId) }, cli.Call);
        cli.Out.Result(list, () => Describe(list));
        return ExitCodes.Ok;
    }

    private static async Task<int> DeleteAsync(CliContext cli)
    {
        var list = await cli.Lists.GetListAsync(new GetListRequest { ListId = cli.Value(ListId) }, cli.Call);
        var deleted = await cli.Lists.DeleteListAsync(
            new DeleteListRequest { ListId = list.Id, Version = list.Version }, cli.Call);
        cli.Out.Result(deleted, () => new Text($"Deleted list {list.Id} ({list.Name}).\n"));
        return ExitCodes.Ok;
    }

    private static async Task<int> ReadinessAsync(CliContext cli)
    {
        var readiness = await cli.Lists.GetListReadinessAsync(
            new GetListReadinessRequest { ListId = cli.Value(ListId) }, cli.Call);
        cli.Out.Result(readiness, () => Readiness(readiness));
        return readiness.Ready ? ExitCodes.Ok : ExitCodes.Failed;
    }

    internal static IRenderable Describe(PasswordList list) => new Rows(
        Tables.Fields(
            ("id", list.Id),
            ("name", list.Name),
            ("description", list.Description),
            ("standard fields", string.Join(", ", list.StandardFields.Select(value => Show.Name(value)))),
            ("generic fields", string.Join(", ", list.GenericFields.Select(field => $"{field.Key}={field.Label}"))),
            ("password policy", Policy(list.Policy)),
            ("prevent reuse of last", list.PreventReuseCount.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("version", list.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("created", Show.Time(list.CreateTime)),
            ("updated", Show.Time(list.UpdateTime))),
        Readiness(list.Readiness ?? new ListReadiness()));

    internal static IRenderable Readiness(ListReadiness readiness) => readiness.Ready
        ? new Text("Ready for synchronisation.\n")
        : new Rows(new Text("Not ready for synchronisation:"),
            Tables.Of(["missing", "what to do"], readiness.Missing.Select(problem => new[] { problem.Code, problem.Message })));

    /// <summary>The generic field labelled "Domain or Host" (case-insensitive), where records name their target.</summary>
    internal static string? DomainOrHostKey(PasswordList list) => list.GenericFields
        .FirstOrDefault(field => string.Equals(field.Label.Trim(), DomainOrHostLabel, StringComparison.OrdinalIgnoreCase))?.Key;

    private static string? Policy(PasswordPolicy? policy) => policy is null
        ? null
        : policy.Style == PasswordStyle.WordPhrase
            ? $"word phrase, {policy.WordCount} words"
            : $"{policy.Length} characters";

    /// <summary><c>lists create</c>, with a shortcut for a list ready for synchronisation.</summary>
    private static class CreateCommand
    {
        private static readonly Option<string> Name = new("--name") { Description = "The list's name.", Required = true };
        private static readonly Option<string?> Description = new("--description") { Description = "What the list holds." };
        private static readonly Option<string[]> StandardFields = EnumChoice.Many<StandardField>("--standard-field",
            "A standard field the records use (repeatable).");
        private static readonly Option<string[]> GenericFields = new("--generic-field")
        {
            Description = "A labelled generic field, as key=label, e.g. \"generic1=Domain or Host\" (repeatable).",
        };
        private static readonly Option<bool> SyncReady = new("--sync-ready")
        {
            Description = "Add what synchronisation needs: Title, User Name, Account Type and a \"Domain or Host\" field.",
        };
        private static readonly Option<int?> PasswordLength = new("--password-length")
        {
            Description = "Generated passwords: this many characters, with upper, lower, digits and symbols.",
        };
        private static readonly Option<int?> PreventReuse = new("--prevent-reuse")
        {
            Description = "How many previous passwords may not be reused (0..24).",
        };

        public static Command Build() => new Command("create", "Creates a list.")
            .Having(Name, Description, StandardFields, GenericFields, SyncReady, PasswordLength, PreventReuse)
            .With(CreateAsync);

        private static async Task<int> CreateAsync(CliContext cli)
        {
            var list = new PasswordList { Name = cli.Value(Name), Description = cli.Value(Description) ?? "" };
            list.StandardFields.AddRange(cli.Value(StandardFields).Select(EnumChoice.Parse<StandardField>));
            foreach (var field in cli.Value(GenericFields))
            {
                var parts = field.Split('=', 2);
                if (parts.Length != 2 || parts[0].Length == 0)
                {
                    throw CliException.Usage($"--generic-field '{field}' is not key=label.",
                        "Example: --generic-field \"generic1=Domain or Host\"");
                }

                list.GenericFields.Add(new GenericField { Key = parts[0].Trim(), Label = parts[1].Trim() });
            }

            if (cli.Value(SyncReady))
            {
                AddSyncFields(list);
            }

            if (cli.Value(PasswordLength) is { } length)
            {
                list.Policy = new PasswordPolicy
                {
                    Style = PasswordStyle.Characters,
                    Length = length,
                    UseUppercase = true,
                    UseLowercase = true,
                    UseDigits = true,
                    UseSymbols = true,
                    MinUppercase = 1,
                    MinLowercase = 1,
                    MinDigits = 1,
                    MinSymbols = 1,
                };
            }

            if (cli.Value(PreventReuse) is { } reuse)
            {
                list.PreventReuseCount = reuse;
            }

            var created = await cli.Lists.CreateListAsync(new CreateListRequest { List = list }, cli.Call);
            cli.Out.Result(created, () => Describe(created));
            return ExitCodes.Ok;
        }

        private static void AddSyncFields(PasswordList list)
        {
            foreach (var field in new[] { StandardField.Title, StandardField.UserName, StandardField.AccountType })
            {
                if (!list.StandardFields.Contains(field))
                {
                    list.StandardFields.Add(field);
                }
            }

            if (DomainOrHostKey(list) is null)
            {
                var used = list.GenericFields.Select(field => field.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
                var key = Enumerable.Range(1, 10).Select(n => $"generic{n}").FirstOrDefault(k => !used.Contains(k))
                    ?? throw CliException.Usage("--sync-ready needs a free generic field; all 10 are taken.");
                list.GenericFields.Add(new GenericField { Key = key, Label = DomainOrHostLabel });
            }
        }
    }
}
