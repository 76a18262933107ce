using PasswordSync.Cli.Output;
using PasswordSync.V1;

namespace PasswordSync.Cli.Commands.Sync;

/// <summary>How check results read, and which of them count as a failure for the exit code.</summary>
public static class CheckView
{
    public static readonly string[] Columns = ["record", "status", "reason", "server", "message"];

    public static string?[] Row(CheckResult result) =>
        [result.RecordId, Show.Name(result.Status), result.ReasonCode, result.Server, result.Message];

    /// <summary>Only "in sync" is proof; a record that is not sync-enabled is not checked at all, so not a failure.</summary>
    public static bool IsProblem(CheckResult result) =>
        result.Status is not (CheckStatus.InSync or CheckStatus.NotSyncEnabled);
}
