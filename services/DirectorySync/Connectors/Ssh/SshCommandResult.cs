namespace PasswordSync.DirectorySync.Connectors.Ssh;

/// <summary>What a remote command answered. Never holds a password: passwords only ever go to stdin.</summary>
internal sealed record SshCommandResult(int ExitStatus, string Output, string Error);
