using Grpc.Core;
using PasswordSync.Common.V1;
using PasswordSync.ServiceDefaults;

namespace PasswordSync.Vault.Backup;

/// <summary>
/// The statuses of backup and restore, each saying what to do. Reasons let a client act: ALREADY_EXISTS (restore into
/// a vault holding lists: retry with replace_existing), CONFIGURATION (the key file is missing), INVALID_ARGUMENT
/// (the data itself is wrong), UNSUPPORTED (a MongoDB deployment). Every refusal left the vault unchanged.
/// </summary>
internal static class BackupErrors
{
    private const string NothingChanged = " Nothing was changed.";

    public static RpcException Unsupported(string message) =>
        RpcErrors.Create(StatusCode.FailedPrecondition, Reason.Unsupported, message);

    public static RpcException OptionsNotFirst() =>
        RpcErrors.InvalidArgument("options", "must be sent in the first message only." + NothingChanged);

    public static RpcException MalformedChecksum() =>
        RpcErrors.InvalidArgument("options.expected_sha256",
            "must be the 64 hexadecimal digits of a SHA-256 (as 'sha256sum' prints it)." + NothingChanged);

    public static RpcException TooLarge(long maxBytes) =>
        RpcErrors.Create(StatusCode.ResourceExhausted, Reason.InvalidArgument,
            $"The backup is larger than this vault accepts ({maxBytes} bytes): raise Vault:Backup:MaxRestoreBytes to "
            + "restore it." + NothingChanged);

    public static RpcException Empty() =>
        RpcErrors.Create(StatusCode.FailedPrecondition, Reason.InvalidArgument,
            "No backup data was received: send the backup file's bytes in the data field." + NothingChanged);

    public static RpcException ChecksumMismatch(string expected, string actual) =>
        RpcErrors.Create(StatusCode.FailedPrecondition, Reason.InvalidArgument,
            $"The received data has SHA-256 {actual}, not the expected {expected.ToLowerInvariant()}: the file was "
            + "damaged or truncated on the way, or it is another backup." + NothingChanged);

    public static RpcException NotABackup(string why) =>
        RpcErrors.Create(StatusCode.FailedPrecondition, Reason.InvalidArgument,
            $"The data is not a PasswordSync vault backup: {why}" + NothingChanged);

    public static RpcException VaultNotEmpty(string message) =>
        RpcErrors.Create(StatusCode.FailedPrecondition, Reason.AlreadyExists, message + NothingChanged);

    public static RpcException KeysNotUnwrappable(string message, IReadOnlyDictionary<string, string> metadata) =>
        RpcErrors.Create(StatusCode.FailedPrecondition, Reason.Configuration, message + NothingChanged, metadata);
}
