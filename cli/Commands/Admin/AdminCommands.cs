using System.CommandLine;
using PasswordSync.Cli.Infrastructure;

namespace PasswordSync.Cli.Commands.Admin;

/// <summary><c>pwsync admin api-keys|audit|verify-audit|backup|restore</c> (the admin permission).</summary>
public static class AdminCommands
{
    public static Command Build() => new Command("admin", "Administration: API keys, audit log, backup and restore.").Having(
        ApiKeysCommands.Build(),
        AuditCommands.Query(),
        AuditCommands.Verify(),
        BackupCommand.Build(),
        RestoreCommand.Build());
}
