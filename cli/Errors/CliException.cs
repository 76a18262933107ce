namespace PasswordSync.Cli.Errors;

/// <summary>
/// A failure found by pwsync itself (configuration, files, input), with the exit code and a hint saying what to do.
/// Its message never contains a secret.
/// </summary>
public sealed class CliException(int exitCode, string message, string? hint = null) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public string? Hint { get; } = hint;

    public static CliException Usage(string message, string? hint = null) => new(ExitCodes.Usage, message, hint);

    public static CliException Auth(string message, string? hint = null) => new(ExitCodes.Auth, message, hint);
}
