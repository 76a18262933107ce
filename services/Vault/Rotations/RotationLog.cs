using Microsoft.Extensions.Logging;

namespace PasswordSync.Vault.Rotations;

internal static partial class RotationLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information,
        Message = "Rotation {RotationId} begun on record {RecordId} by {Actor} (owner {Owner})")]
    public static partial void Begun(ILogger logger, string rotationId, string recordId, string actor, string owner);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information,
        Message = "Rotation {RotationId} committed on record {RecordId} by {Actor}")]
    public static partial void Committed(ILogger logger, string rotationId, string recordId, string actor);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information,
        Message = "Rotation {RotationId} aborted on record {RecordId} by {Actor}")]
    public static partial void Aborted(ILogger logger, string rotationId, string recordId, string actor);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information,
        Message = "Rotation on record {RecordId} claimed by {Owner}: {Claimed}")]
    public static partial void Claimed(ILogger logger, string recordId, string owner, bool claimed);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning,
        Message = "Record {RecordId} marked out of sync (rotation {RotationId}) by {Actor}")]
    public static partial void MarkedOutOfSync(ILogger logger, string recordId, string rotationId, string actor);
}
