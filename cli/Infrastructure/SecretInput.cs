using System.Text;
using PasswordSync.Cli.Errors;
using PasswordSync.Cli.Output;

namespace PasswordSync.Cli.Infrastructure;

/// <summary>
/// Reads a password from standard input, never from the command line (which every user of the machine can read and
/// the shell keeps in its history). Piped: the first line. At a terminal: asked twice, without echo.
/// </summary>
public static class SecretInput
{
    public static string Read(string what)
    {
        if (Console.IsInputRedirected)
        {
            var line = Console.In.ReadLine();
            return string.IsNullOrEmpty(line)
                ? throw CliException.Usage($"No {what} on standard input.",
                    $"Pipe it in (e.g. from a password manager), or use --generate where the command offers it.")
                : line;
        }

        var first = Prompt($"{what}: ");
        var second = Prompt($"{what} (again): ");
        if (first.Length == 0 || !string.Equals(first, second, StringComparison.Ordinal))
        {
            throw CliException.Usage(first.Length == 0 ? $"The {what} is empty." : $"The two {what}s differ.");
        }

        return first;
    }

    private static string Prompt(string prompt)
    {
        Printer.Note(prompt);
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                return text.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0)
                {
                    text.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }
    }
}
