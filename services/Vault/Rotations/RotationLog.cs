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

    // A batch logs one line at Information; its records one line each at Debug only. Console logging costs tens of
    // microseconds per line (as much as the record's whole journal step), and every record keeps its own audit event.
    [LoggerMessage(EventId = 3006, Level = LogLevel.Debug,
        Message = "Rotation {RotationId} begun on record {RecordId} by {Actor} (owner {Owner}, in a batch)")]
    public static partial void BegunInBatch(ILogger logger, string rotationId, string recordId, string actor,
        string owner);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Debug,
        Message = "Rotation {RotationId} committed on record {RecordId} by {Actor} (in a batch)")]
    public static partial void CommittedInBatch(ILogger logger, string rotationId, string recordId, string actor);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Information,
        Message = "Batch of {Items} rotations by {Actor} (job {JobId}): {Done} {Step}, {Refused} refused")]
    public static partial void Batch(ILogger logger, int items, string actor, string jobId, int done, string step,
        int refused);
}
