using Google.Protobuf.WellKnownTypes;
using PasswordSync.V1;

namespace PasswordSync.Gateway.Sync.Checks;

/// <summary>Builds the public CheckResult. Messages are written here from fixed text and names, never a password.</summary>
internal static class CheckResults
{
    public const string ChangedOutsideCode = "CHANGED_OUTSIDE";
    public const string NotSyncEnabledCode = "NOT_SYNC_ENABLED";
    public const string RotationPendingCode = "ROTATION_PENDING";
    public const string NoPasswordCode = "NO_PASSWORD";

    public static CheckResult Create(CheckStatus status, string reasonCode, string message, string server,
        DateTimeOffset checkTime) => new()
    {
        Status = status,
        ReasonCode = reasonCode,
        Message = message,
        Server = server,
        CheckTime = Timestamp.FromDateTimeOffset(checkTime),
    };

    public static CheckResult NotSyncEnabled(string recordId, string reason, DateTimeOffset checkTime)
    {
        var result = Create(CheckStatus.NotSyncEnabled, NotSyncEnabledCode, reason, "", checkTime);
        result.RecordId = recordId;
        return result;
    }
}
