namespace PasswordSync.Gateway.Api.Admin;

internal static partial class AdminLog
{
    [LoggerMessage(EventId = 4401, Level = LogLevel.Warning,
        Message = "A refused vault restore ({RefusalStatus}) could not be audited: the vault answered {AuditStatus}")]
    public static partial void RefusalNotAudited(ILogger logger, string refusalStatus, string auditStatus);
}
