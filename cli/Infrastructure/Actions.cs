using System.CommandLine;
using Grpc.Core;
using PasswordSync.Cli.Configuration;
using PasswordSync.Cli.Errors;
using PasswordSync.Cli.Output;

namespace PasswordSync.Cli.Infrastructure;

/// <summary>
/// Wires a command to its action and turns every failure into a message, a hint and an exit code (never a stack
/// trace, never a secret).
/// </summary>
public static class Actions
{
    public static Command With(this Command command, Func<CliContext, Task<int>> action)
    {
        command.SetAction(async (parse, cancellation) =>
        {
            using var context = new CliContext(parse, cancellation);
            try
            {
                return await action(context);
            }
            catch (RpcException e)
            {
                return ErrorReport.Print(e, parse.GetValue(GlobalOptions.Json));
            }
            catch (CliException e)
            {
                return ErrorReport.Print(e);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                Printer.Note("pwsync: interrupted.");
                return ExitCodes.Interrupted;
            }
            catch (IOException e)
            {
                Printer.Note($"pwsync: error: {e.Message}");
                return ExitCodes.Failed;
            }
            catch (UnauthorizedAccessException e)
            {
                Printer.Note($"pwsync: error: {e.Message}");
                return ExitCodes.Failed;
            }
        });
        return command;
    }

    /// <summary>Adds the options and arguments to the command (a shorter way to declare one).</summary>
    public static Command Having(this Command command, params Symbol[] symbols)
    {
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Option option:
                    command.Options.Add(option);
                    break;
                case Argument argument:
                    command.Arguments.Add(argument);
                    break;
                case Command sub:
                    command.Subcommands.Add(sub);
                    break;
                default:
                    throw new ArgumentException($"Unexpected symbol {symbol.Name}.", nameof(symbols));
            }
        }

        return command;
    }
}
