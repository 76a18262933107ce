using System.CommandLine;
using Google.Protobuf.WellKnownTypes;
using PasswordSync.Cli.Configuration;
using PasswordSync.Cli.Errors;
using PasswordSync.Cli.Infrastructure;
using PasswordSync.Cli.Output;
using PasswordSync.V1;
using Spectre.Console;

namespace PasswordSync.Cli.Commands.Admin;

/// <summary><c>pwsync admin api-keys list|create|revoke</c>.</summary>
public static class ApiKeysCommands
{
    private static readonly Argument<string> KeyId = new("key") { Description = "The key's id." };
    private static readonly Option<string> Name = new("--name") { Description = "What the key is for.", Required = true };
    private static readonly Option<string[]> Permissions = EnumChoice.Many<Permission>("--permission",
        "A permission (repeatable).");
    private static readonly Option<string[]> Lists = new("--list") { Description = "Only this list (repeatable; default: all)." };
    private static readonly Option<int?> ExpiresInDays = new("--expires-in-days") { Description = "Expires after this many days." };
    private static readonly Option<FileInfo?> KeyFile = new("--key-file")
    {
        Description = "Write the new key to this file (created owner-only; must not exist) instead of stdout.",
    };

    public static Command Build() => new Command("api-keys", "API keys.").Having(
        new Command("list", "All API keys (never the keys themselves).").With(ListAsync),
        new Command("create", "Creates a key; it is shown once (or written to --key-file).")
            .Having(Name, Permissions, Lists, ExpiresInDays, KeyFile).With(CreateAsync),
        new Command("revoke", "Revokes a key at once.").Having(KeyId).With(RevokeAsync));

    private static readonly string[] Columns = ["id", "name", "prefix", "permissions", "lists", "expires", "revoked", "last used"];

    private static string?[] Row(ApiKey key) =>
        [key.Id, key.Name, key.Prefix, string.Join(", ", key.Permissions.Select(value => Show.Name(value))),
            key.ListIds.Count == 0 ? "all" : string.Join(", ", key.ListIds), Show.Time(key.ExpireTime),
            Show.Time(key.RevokeTime), Show.Time(key.LastUseTime)];

    private static async Task<int> ListAsync(CliContext cli)
    {
        var keys = await Paging.AllAsync<ApiKey>(async token =>
        {
            var page = await cli.Admin.ListApiKeysAsync(new ListApiKeysRequest { PageToken = token }, cli.Call);
            return (page.ApiKeys, page.NextPageToken);
        });
        cli.Out.Rows(keys, Columns, Row);
        return ExitCodes.Ok;
    }

    private static async Task<int> CreateAsync(CliContext cli)
    {
        var keyFile = cli.Value(KeyFile);
        if (keyFile is { Exists: true })
        {
            throw CliException.Usage($"{keyFile.FullName} exists; pwsync does not overwrite a key file.");
        }

        var request = new CreateApiKeyRequest { Name = cli.Value(Name) };
        request.Permissions.AddRange(cli.Value(Permissions).Select(EnumChoice.Parse<Permission>));
        request.ListIds.AddRange(cli.Value(Lists));
        if (cli.Value(ExpiresInDays) is { } days)
        {
            request.ExpireTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(days));
        }

        var created = await cli.Admin.CreateApiKeyAsync(request, cli.Call);
        if (keyFile is not null)
        {
            await using (var file = FilePermissions.CreateOwnerOnly(keyFile.FullName, overwrite: false))
            await using (var writer = new StreamWriter(file))
            {
                await writer.WriteLineAsync(created.Key);
            }

            Printer.Note($"The key is in {keyFile.FullName} (owner-only). Use it with PWSYNC_API_KEY_FILE.");
            // The key went to the file: print only its description, also with --json.
            cli.Out.Result(created.ApiKey, () => Tables.Of(Columns, [Row(created.ApiKey)]));
        }
        else if (cli.Out.Json)
        {
            Printer.JsonLine(created);
        }
        else
        {
            cli.Out.Screen.Write(Tables.Of(Columns, [Row(created.ApiKey)]));
            Printer.Note("The key (shown once; store it now, e.g. in a chmod 600 file for PWSYNC_API_KEY_FILE):");
            Printer.Plain(created.Key);
        }

        return ExitCodes.Ok;
    }

    private static async Task<int> RevokeAsync(CliContext cli)
    {
        var revoked = await cli.Admin.RevokeApiKeyAsync(new RevokeApiKeyRequest { KeyId = cli.Value(KeyId) }, cli.Call);
        cli.Out.Result(revoked, () => new Text($"Revoked key {revoked.Id} ({revoked.Name}).\n"));
        return ExitCodes.Ok;
    }
}
