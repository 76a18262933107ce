using System.Text.RegularExpressions;
using Grpc.Core;
using PasswordSync.Gateway.Auth;
using PasswordSync.ServiceDefaults;
using PasswordSync.V1;
using PasswordSync.Vault.V1;
using GetRecordRequest = PasswordSync.Vault.V1.GetRecordRequest;

namespace PasswordSync.Gateway.Sync;

/// <summary>
/// Save-and-sync and rotate calls: validation (nothing reaches the vault or a directory when the request is wrong),
/// authorisation (the sync permission on the record's list), then the crash-safe protocol of
/// <see cref="IRecordRotator"/>. verify_after_set is optional in the proto so that unset means true: a caller has to
/// ask explicitly to commit on the directory's word alone.
/// </summary>
internal sealed partial class SaveAndSyncHandler(PasswordRecords.PasswordRecordsClient records, IRecordRotator rotator)
{
    private const int MaxPasswordLength = 1024;

    public async Task<SyncOutcome> SaveAndSyncAsync(SaveAndSyncRequest request, ServerCallContext context)
    {
        context.Require(Access.Sync);
        var violations = Validate(request.RecordId, request.Version, request.RequestId);
        if (request.NewPassword.Length > MaxPasswordLength)
        {
            violations.Add(new FieldViolation("new_password", $"is longer than {MaxPasswordLength} characters."));
        }
        else if (request.NewPassword.Any(char.IsControl))
        {
            violations.Add(new FieldViolation("new_password", "contains control characters."));
        }

        ThrowIfAny(violations);
        await AuthoriseAsync(request.RecordId, context);
        return await rotator.RotateAsync(new RotationCommand(
            request.RecordId,
            request.Version,
            request.NewPassword.Length == 0 ? null : request.NewPassword,
            VerifyAfterSet: !request.HasVerifyAfterSet || request.VerifyAfterSet,
            Reason: request.NewPassword.Length == 0 ? "save-and-sync (generated)" : "save-and-sync",
            RequestId: NullIfEmpty(request.RequestId)), context.CancellationToken);
    }

    public async Task<SyncOutcome> RotateAsync(RotateRequest request, ServerCallContext context)
    {
        context.Require(Access.Sync);
        ThrowIfAny(Validate(request.RecordId, request.Version, request.RequestId));
        await AuthoriseAsync(request.RecordId, context);
        return await rotator.RotateAsync(new RotationCommand(request.RecordId, request.Version, NewPassword: null,
            VerifyAfterSet: true, Reason: "rotate", RequestId: NullIfEmpty(request.RequestId)),
            context.CancellationToken);
    }

    /// <summary>Reads the record (NotFound when unknown or deleted) and requires the sync permission on its list.</summary>
    private async Task AuthoriseAsync(string recordId, ServerCallContext context)
    {
        var record = await records.GetRecordAsync(new GetRecordRequest { Id = recordId },
            deadline: DateTime.UtcNow.AddSeconds(15), cancellationToken: context.CancellationToken);
        if (record.DeleteTime is not null)
        {
            throw RpcErrors.NotFound("Record", recordId);
        }

        context.Require(Access.Sync, record.ListId);
    }

    private static List<FieldViolation> Validate(string recordId, long version, string requestId)
    {
        var violations = new List<FieldViolation>();
        if (recordId.Length == 0)
        {
            violations.Add(new FieldViolation("record_id", "is required."));
        }
        else if (recordId.Length > 64 || !IdPattern().IsMatch(recordId))
        {
            violations.Add(new FieldViolation("record_id", "must be 1..64 letters, digits, '-' or '_'."));
        }

        if (version <= 0)
        {
            violations.Add(new FieldViolation("version",
                "is required: send the record's version as you read it, so a change made since is not overwritten."));
        }

        if (requestId.Length > 128 || (requestId.Length > 0 && !RequestIdPattern().IsMatch(requestId)))
        {
            violations.Add(new FieldViolation("request_id",
                "must be 1..128 letters, digits, '-', '_', '.' or ':' (reuse it only to retry the same request)."));
        }

        return violations;
    }

    private static void ThrowIfAny(List<FieldViolation> violations)
    {
        if (violations.Count > 0)
        {
            throw RpcErrors.InvalidArgument(violations);
        }
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Za-z0-9_.:-]+$")]
    private static partial Regex RequestIdPattern();
}
