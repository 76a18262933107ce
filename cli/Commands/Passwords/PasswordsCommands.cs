using System.CommandLine;
using PasswordSync.Cli.Errors;
using PasswordSync.Cli.Infrastructure;
using PasswordSync.Cli.Output;
using PasswordSync.V1;

namespace PasswordSync.Cli.Commands.Passwords;

/// <summary><c>pwsync passwords generate [--list L | --length N] [--count N]</c>: one password per line on stdout.</summary>
public static class PasswordsCommands
{
    private static readonly Option<string?> ListId = new("--list") { Description = "Use this list's password policy." };
    private static readonly Option<int?> Length = new("--length")
    {
        Description = "An explicit policy instead: this many characters with upper, lower, digits and symbols.",
    };
    private static readonly Option<bool> NoSymbols = new("--no-symbols") { Description = "With --length: no symbols." };
    private static readonly Option<int> Count = new("--count")
    {
        Description = "How many (1..100).",
        DefaultValueFactory = _ => 1,
    };

    public static Command Build() => new Command("passwords", "Password generation.").Having(
        new Command("generate", "Generates passwords (printed one per line; nothing is stored).")
            .Having(ListId, Length, NoSymbols, Count).With(GenerateAsync));

    private static async Task<int> GenerateAsync(CliContext cli)
    {
        var request = new GeneratePasswordsRequest { Count = cli.Value(Count) };
        switch (cli.Value(ListId), cli.Value(Length))
        {
            case ({ } list, null):
                request.ListId = list;
                break;
            case (null, { } length):
                var symbols = !cli.Value(NoSymbols);
                request.Policy = new PasswordPolicy
                {
                    Style = PasswordStyle.Characters,
                    Length = length,
                    UseUppercase = true,
                    UseLowercase = true,
                    UseDigits = true,
                    UseSymbols = symbols,
                    MinUppercase = 1,
                    MinLowercase = 1,
                    MinDigits = 1,
                    MinSymbols = symbols ? 1 : 0,
                };
                break;
            default:
                throw CliException.Usage("Give exactly one of --list and --length.");
        }

        var response = await cli.Passwords.GeneratePasswordsAsync(request, cli.Call);
        if (cli.Out.Json)
        {
            Printer.JsonLine(response);
        }
        else
        {
            foreach (var password in response.Passwords)
            {
                Printer.Plain(password);
            }
        }

        return ExitCodes.Ok;
    }
}
