using Spectre.Console;

namespace PasswordSync.Cli.Output;

/// <summary>Spectre consoles over stdout / stderr that behave in pipes: no colour codes, a wide fixed width.</summary>
public static class Consoles
{
    private const int RedirectedWidth = 200;

    public static IAnsiConsole For(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
        });
        if (redirected)
        {
            // A pipe has no width; 80 columns would wrap ids and messages in the middle.
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }
}
