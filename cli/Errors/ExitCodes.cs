namespace PasswordSync.Cli.Errors;

/// <summary>The process exit codes scripts can rely on (docs/cli.md lists them).</summary>
public static class ExitCodes
{
    /// <summary>Everything asked for was done (and, for checks and reports, every record is in sync).</summary>
    public const int Ok = 0;

    /// <summary>The operation failed or was refused, or records failed (bulk rotation, report, check).</summary>
    public const int Failed = 1;

    /// <summary>The command line, the configuration or the request's input is wrong; nothing was changed.</summary>
    public const int Usage = 2;

    /// <summary>No API key, an unsafe key file, or the gateway refused the key or its permissions.</summary>
    public const int Auth = 3;

    /// <summary>The list, record, target, job or key does not exist.</summary>
    public const int NotFound = 4;

    /// <summary>The gateway could not be reached, its certificate was not trusted, or it did not answer in time.</summary>
    public const int Unavailable = 5;

    /// <summary>Interrupted (Ctrl-C), as shells report SIGINT.</summary>
    public const int Interrupted = 130;
}
