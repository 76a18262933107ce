using Google.Protobuf;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace PasswordSync.Cli.Output;

/// <summary>
/// Everything a command prints. Results go to stdout: a table for people, or with --json one protobuf-JSON object per
/// line for scripts. Notes and progress go to stderr, so stdout stays parseable.
/// </summary>
public sealed class Printer(bool json)
{
    private readonly Lazy<IAnsiConsole> stdout = new(() => Consoles.For(Console.Out, Console.IsOutputRedirected));
    private readonly Lazy<IAnsiConsole> stderr = new(() => Consoles.For(Console.Error, Console.IsErrorRedirected));

    public bool Json { get; } = json;

    public IAnsiConsole Screen => stdout.Value;

    public IAnsiConsole ErrorScreen => stderr.Value;

    /// <summary>One message as a JSON line (in both modes: a caller that wants JSON asked for exactly that).</summary>
    public static void JsonLine(IMessage message) => Console.Out.WriteLine(ProtoJson.Format(message));

    /// <summary>The message as a JSON line with --json, otherwise what <paramref name="human"/> renders.</summary>
    public void Result(IMessage message, Func<IRenderable> human)
    {
        if (Json)
        {
            JsonLine(message);
        }
        else
        {
            Screen.Write(human());
        }
    }

    /// <summary>Each message as a JSON line with --json, otherwise one table row each.</summary>
    public void Rows<T>(IReadOnlyCollection<T> items, string[] columns, Func<T, string?[]> row)
        where T : IMessage
    {
        if (Json)
        {
            foreach (var item in items)
            {
                JsonLine(item);
            }

            return;
        }

        Screen.Write(Tables.Of(columns, items.Select(row)));
        if (items.Count == 0)
        {
            Note("(none)");
        }
    }

    /// <summary>A plain line on stdout (a revealed or generated password, a key: nothing decorated around it).</summary>
    public static void Plain(string text) => Console.Out.WriteLine(text);

    /// <summary>A line for people on stderr (never a secret).</summary>
    public static void Note(string text) => Console.Error.WriteLine(text);
}
