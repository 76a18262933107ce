namespace PasswordSync.DirectorySync.Telemetry;

/// <summary>
/// Attribute names on directory spans and metrics. Values are ids, kinds, operation names, server addresses and reason
/// codes: never a password, a user name, a DN or a directory's message (which may quote its input).
/// </summary>
internal static class DirectoryOperationTags
{
    public const string TargetId = "passwordsync.target.id";
    public const string TargetKind = "passwordsync.target.kind";
    public const string Operation = "passwordsync.directory.operation";
    public const string Outcome = "passwordsync.outcome";
    public const string Server = "server.address";

    public const string Succeeded = "ok";
}
