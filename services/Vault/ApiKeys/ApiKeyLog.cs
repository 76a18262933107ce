namespace PasswordSync.Vault.ApiKeys;

internal static partial class ApiKeyLog
{
    [LoggerMessage(EventId = 3401, Level = LogLevel.Information, Message = "API key {KeyId} created by {Actor}")]
    public static partial void Created(ILogger logger, string keyId, string actor);

    [LoggerMessage(EventId = 3402, Level = LogLevel.Information, Message = "API key {KeyId} revoked by {Actor}")]
    public static partial void Revoked(ILogger logger, string keyId, string actor);

    [LoggerMessage(EventId = 3403, Level = LogLevel.Information,
        Message = "An API key lookup was refused (unknown, revoked or expired key)")]
    public static partial void Refused(ILogger logger);

    [LoggerMessage(EventId = 3404, Level = LogLevel.Warning,
        Message = "Could not note the last use of API key {KeyId} ({Error}); the lookup itself succeeded")]
    public static partial void TouchFailed(ILogger logger, string keyId, string error);
}
