using Microsoft.Extensions.Logging;

namespace PasswordSync.DirectorySync.Connectors.OpenLdap;

/// <summary>The OpenLDAP connector's log lines: names, servers and outcomes only, never a password.</summary>
internal static partial class OpenLdapLog
{
    // Success lines of the per-account operations are Debug: a bulk rotation makes a thousand a second, and each one
    // is already in the vault's audit log (rotation begun and committed). Failures stay Warning.
    [LoggerMessage(EventId = 3110, Level = LogLevel.Debug,
        Message = "LDAP target {TargetId}: password of {AccountDn} reset on {Server}")]
    public static partial void PasswordReset(ILogger logger, string targetId, string accountDn, string server);

    [LoggerMessage(EventId = 3111, Level = LogLevel.Information,
        Message = "LDAP target {TargetId}: {AccountDn} changed its password on {Server}")]
    public static partial void PasswordChanged(ILogger logger, string targetId, string accountDn, string server);

    /// <summary>A verify's outcome: a password the directory accepted at Debug (routine), any other at Information.</summary>
    public static void Verified(ILogger logger, string targetId, string account, string server, VerifyOutcome outcome) =>
        Verified(logger, outcome is VerifyOutcome.Accepted ? LogLevel.Debug : LogLevel.Information, targetId, account,
            server, outcome);

    [LoggerMessage(EventId = 3112, Message = "LDAP target {TargetId}: verify of {Account} on {Server}: {Outcome}")]
    private static partial void Verified(ILogger logger, LogLevel level, string targetId, string account,
        string server, VerifyOutcome outcome);

    [LoggerMessage(EventId = 3113, Level = LogLevel.Warning,
        Message = "LDAP target {TargetId}: {Operation} of {Account} failed: {FailureClass} {Reason}: {Message}")]
    public static partial void OperationFailed(ILogger logger, string targetId, string operation, string account,
        FailureClass failureClass, Common.V1.Reason reason, string message);

    [LoggerMessage(EventId = 3114, Level = LogLevel.Warning,
        Message = "LDAP target {TargetId}: could not read the state of {Account} after a refused bind: {Message}")]
    public static partial void StateAfterBindUnavailable(ILogger logger, string targetId, string account,
        string message);

    [LoggerMessage(EventId = 3115, Level = LogLevel.Warning,
        Message = "LDAP target {TargetId}: certificate validation is OFF for {Server} because the target accepts any certificate")]
    public static partial void AcceptingAnyCertificate(ILogger logger, string targetId, string server);
}
