using System.CommandLine;
using Google.Protobuf.WellKnownTypes;
using PasswordSync.Cli.Commands.Lists;
using PasswordSync.Cli.Errors;
using PasswordSync.Cli.Infrastructure;
using PasswordSync.Common.V1;
using PasswordSync.V1;

namespace PasswordSync.Cli.Commands.Records;

/// <summary>
/// The record fields create and update accept, and the update mask naming exactly the ones given (so an update never
/// blanks a field the user did not mention).
/// </summary>
public static class RecordFieldOptions
{
    public static readonly Option<string?> Title = new("--title") { Description = "Title." };
    public static readonly Option<string?> UserName = new("--user-name") { Description = "User name: name, DOMAIN\\name or name@domain." };
    public static readonly Option<string?> AccountType = EnumChoice.One<Common.V1.AccountType>("--account-type",
        "Account type (windows, linux and ldap can be synchronised).");
    public static readonly Option<string?> DomainOrHost = new("--domain-or-host")
    {
        Description = "The \"Domain or Host\" field: the name of a registered target (e.g. the AD domain).",
    };
    public static readonly Option<string?> Description = new("--description") { Description = "Description." };
    public static readonly Option<string?> Url = new("--record-url") { Description = "The record's URL field." };
    public static readonly Option<string?> Notes = new("--notes") { Description = "Notes." };
    public static readonly Option<DateTimeOffset?> Expiry = new("--expiry") { Description = "Expiry date/time (ISO 8601)." };
    public static readonly Option<string[]> Fields = new("--field")
    {
        Description = "A generic field, as key=value (e.g. generic2=web01); an empty value removes it on update (repeatable).",
    };

    public static System.CommandLine.Option[] All => [Title, UserName, AccountType, DomainOrHost, Description, Url, Notes, Expiry, Fields];

    /// <summary>Copies the given options into the record; returns the update-mask paths of what was given.</summary>
    public static async Task<List<string>> ApplyAsync(CliContext cli, Record record, string listId)
    {
        var paths = new List<string>();
        Set(cli, Title, value => record.Title = value, "title", paths);
        Set(cli, UserName, value => record.UserName = value, "user_name", paths);
        Set(cli, AccountType, value => record.AccountType = EnumChoice.Parse<Common.V1.AccountType>(value), "account_type", paths);
        Set(cli, Description, value => record.Description = value, "description", paths);
        Set(cli, Url, value => record.Url = value, "url", paths);
        Set(cli, Notes, value => record.Notes = value, "notes", paths);
        if (cli.Value(Expiry) is { } expiry)
        {
            record.ExpiryTime = Timestamp.FromDateTimeOffset(expiry);
            paths.Add("expiry_time");
        }

        foreach (var field in cli.Value(Fields))
        {
            var parts = field.Split('=', 2);
            if (parts.Length != 2 || parts[0].Trim().Length == 0)
            {
                throw CliException.Usage($"--field '{field}' is not key=value.", "Example: --field generic2=web01");
            }

            SetGeneric(record, parts[0].Trim(), parts[1], paths);
        }

        if (cli.Value(DomainOrHost) is { } domainOrHost)
        {
            var list = await cli.Lists.GetListAsync(new GetListRequest { ListId = listId }, cli.Call);
            var key = ListsCommands.DomainOrHostKey(list) ?? throw CliException.Usage(
                $"List {list.Id} ({list.Name}) has no generic field labelled \"Domain or Host\".",
                "Use --field <key>=<value>, or give the list such a field.");
            SetGeneric(record, key, domainOrHost, paths);
        }

        return paths;
    }

    private static void SetGeneric(Record record, string key, string value, List<string> paths)
    {
        record.GenericFields[key] = value;
        paths.Add($"generic_fields.{key}");
    }

    private static void Set(CliContext cli, Option<string?> option, Action<string> set, string path, List<string> paths)
    {
        if (cli.Value(option) is { } value)
        {
            set(value);
            paths.Add(path);
        }
    }
}
