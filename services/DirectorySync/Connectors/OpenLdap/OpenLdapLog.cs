using Microsoft.Extensions.Logging;

namespace PasswordSync.DirectorySync.Connectors.OpenLdap;

/// <summary>The OpenLDAP connector's log lines: names, servers and outcomes only, never a password.</summary>
internal static partial class OpenLdapLog
{
    [LoggerMessage(EventId = 3110, Level = LogLevel.Information,
        Message = "LDAP target {TargetId}: password of {AccountDn} reset on {Server}")]
    public static partial void PasswordReset(ILogger logger, string targetId, string accountDn, string server);

    [LoggerMessage(EventId = 3111, Level = LogLevel.Information,
        Message = "LDAP target {TargetId}: {AccountDn} changed its password on {Server}")]
    public static partial void PasswordChanged(ILogger logger, string targetId, string accountDn, string server);

    [LoggerMessage(EventId = 3112, Level = LogLevel.Information,
        Message = "LDAP target {TargetId}: verify of {Account} on {Server}: {Outcome}")]
    public static partial void Verified(ILogger logger, string targetId, string account, string server,
        VerifyOutcome outcome);

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
