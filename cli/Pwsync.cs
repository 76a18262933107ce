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
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                Printer.Note($"pwsync: error: {error.Message}");
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
