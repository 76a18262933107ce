using System.CommandLine;
using System.CommandLine.Parsing;
using PasswordSync.Cli.Commands.Admin;
using PasswordSync.Cli.Commands.Jobs;
using PasswordSync.Cli.Commands.Lists;
using PasswordSync.Cli.Commands.Passwords;
using PasswordSync.Cli.Commands.Records;
using PasswordSync.Cli.Commands.Sync;
using PasswordSync.Cli.Commands.Targets;
using PasswordSync.Cli.Configuration;
using PasswordSync.Cli.Errors;
using PasswordSync.Cli.Output;

namespace PasswordSync.Cli;

/// <summary>The pwsync command tree, and the rule that a command line it cannot parse exits 2 before any call.</summary>
public static class Pwsync
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = Build();
        // No @file expansion: a record title or user name that starts with '@' is a value, not a file to read.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        var errors = UnknownOptionsTakenAsArguments(parse).Concat(parse.Errors.Select(error => error.Message)).ToList();
        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                Printer.Note($"pwsync: error: {error}");
            }

            Printer.Note($"hint: see '{CommandPath(parse.CommandResult)} --help'. Nothing was sent to the gateway.");
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
    }

    public static RootCommand Build()
    {
        var root = new RootCommand("pwsync: PasswordSync from the command line, for people and scripts. "
            + "Exit codes: 0 ok, 1 failed (or records failed), 2 usage/input error, 3 authentication, 4 not found, "
            + "5 gateway unavailable.");
        foreach (var option in GlobalOptions.All)
        {
            root.Options.Add(option);
        }

        root.Subcommands.Add(ListsCommands.Build());
        root.Subcommands.Add(RecordsCommands.Build());
        root.Subcommands.Add(CheckCommands.Check());
        root.Subcommands.Add(CheckCommands.CheckAccount());
        root.Subcommands.Add(SaveAndSyncCommand.Build());
        root.Subcommands.Add(RotateCommand.Build());
        root.Subcommands.Add(ReportCommand.Build());
        root.Subcommands.Add(BulkRotateCommand.Build());
        root.Subcommands.Add(JobsCommands.Build());
        root.Subcommands.Add(TargetsCommands.Build());
        root.Subcommands.Add(PasswordsCommands.Build());
        root.Subcommands.Add(AdminCommands.Build());
        return root;
    }

    /// <summary>
    /// An unknown option ("--bogus") lands in a free positional argument instead of being an error; ids and names
    /// never start with '-', so such a value is reported as the unknown option it is.
    /// </summary>
    private static IEnumerable<string> UnknownOptionsTakenAsArguments(ParseResult parse)
    {
        for (SymbolResult? current = parse.CommandResult; current is not null; current = current.Parent)
        {
            if (current is not CommandResult command)
            {
                continue;
            }

            foreach (var argument in command.Children.OfType<ArgumentResult>())
            {
                foreach (var token in argument.Tokens.Where(token => token.Value.Length > 1 && token.Value[0] == '-'))
                {
                    yield return $"Unrecognized option '{token.Value}' (or a {argument.Argument.Name} that starts with '-').";
                }
            }
        }
    }

    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? current = result; current is not null; current = current.Parent)
        {
            if (current is CommandResult command)
            {
                names.Insert(0, command.Command is RootCommand ? "pwsync" : command.Command.Name);
            }
        }

        return string.Join(' ', names);
    }
}
