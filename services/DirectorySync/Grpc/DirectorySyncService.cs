using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Options;
using PasswordSync.DirectorySync.Connectors;
using PasswordSync.DirectorySync.Resilience;
using Proto = PasswordSync.Directory.V1;

namespace PasswordSync.DirectorySync.Grpc;

/// <summary>
/// The gRPC edge: validates requests (InvalidArgument naming every offending field, nothing sent to a directory),
/// picks the connector by target kind, runs it through the resilience layer and maps classified failures to statuses
/// (<see cref="DirectoryErrors"/>). Requests are logged only redacted.
/// </summary>
internal sealed class DirectorySyncService(
    ConnectorCatalog catalog,
    ResilientDirectory directory,
    BulkPasswordsHandler bulk,
    IOptions<DirectorySyncOptions> options,
    ILogger<DirectorySyncService> logger) : Proto.DirectorySync.DirectorySyncBase
{
    private TimeSpan DefaultTimeout => options.Value.DefaultOperationTimeout;

    public override Task<Proto.VerifyPasswordResponse> VerifyPassword(Proto.VerifyPasswordRequest request,
        ServerCallContext context) => RunAsync(nameof(VerifyPassword), request, request.Target, async () =>
    {
        var validator = RequestValidator.Start();
        var target = validator.Target(request.Target, DefaultTimeout);
        var account = validator.Account(request.Account);
        var password = validator.Password(request.Password, "password");
        var pinned = validator.PinnedServer(request.PinnedServer, target);
        validator.ThrowIfInvalid();
        var result = await directory.VerifyAsync(catalog.For(target!.Kind), target, account, password, pinned,
            context.CancellationToken);
        return result.ToProto();
    });

    public override Task<Proto.WriteResponse> ResetPassword(Proto.ResetPasswordRequest request,
        ServerCallContext context) => RunAsync(nameof(ResetPassword), request, request.Target, async () =>
    {
        var validator = RequestValidator.Start();
        var target = validator.Target(request.Target, DefaultTimeout);
        var account = validator.Account(request.Account);
        var password = validator.Password(request.NewPassword, "new_password");
        var pinned = validator.PinnedServer(request.PinnedServer, target);
        validator.ThrowIfInvalid();
        var (write, verification) = await directory.ResetAsync(catalog.For(target!.Kind), target, account, password,
            request.VerifyAfterWrite, pinned, context.CancellationToken);
        return write.ToProto(verification, settledByVerify: false);
    });

    public override Task<Proto.WriteResponse> ChangePassword(Proto.ChangePasswordRequest request,
        ServerCallContext context) => RunAsync(nameof(ChangePassword), request, request.Target, async () =>
    {
        var validator = RequestValidator.Start();
        var target = validator.Target(request.Target, DefaultTimeout);
        var account = validator.Account(request.Account);
        var oldPassword = validator.Password(request.OldPassword, "old_password");
        var newPassword = validator.Password(request.NewPassword, "new_password");
        var pinned = validator.PinnedServer(request.PinnedServer, target);
        validator.ThrowIfInvalid();
        var (write, verification, settled) = await directory.ChangeAsync(catalog.For(target!.Kind), target, account,
            oldPassword, newPassword, request.VerifyAfterWrite, pinned, context.CancellationToken);
        return write.ToProto(verification, settled);
    });

    public override Task<Proto.AccountState> GetAccountState(Proto.GetAccountStateRequest request,
        ServerCallContext context) => RunAsync(nameof(GetAccountState), request, request.Target, async () =>
    {
        var validator = RequestValidator.Start();
        var target = validator.Target(request.Target, DefaultTimeout);
        var account = validator.Account(request.Account);
        var pinned = validator.PinnedServer(request.PinnedServer, target);
        validator.ThrowIfInvalid();
        var state = await directory.GetAccountStateAsync(catalog.For(target!.Kind), target, account, pinned,
            context.CancellationToken);
        return state.ToProto();
    });

    /// <summary>
    /// The states of up to 100 accounts of one target on one server (the sync report's read-ahead). Accounts whose read
    /// failed on its own are left out (the caller reads them singly, which says why); whole-call failures map as for
    /// GetAccountState.
    /// </summary>
    public override Task<Proto.GetAccountStatesResponse> GetAccountStates(Proto.GetAccountStatesRequest request,
        ServerCallContext context) => RunAsync(nameof(GetAccountStates), request, request.Target, async () =>
    {
        var validator = RequestValidator.Start();
        var target = validator.Target(request.Target, DefaultTimeout);
        var accounts = validator.Accounts(request.Accounts);
        var pinned = validator.PinnedServer(request.PinnedServer, target);
        validator.ThrowIfInvalid();
        var settled = await directory.GetAccountStatesAsync(catalog.For(target!.Kind), target, accounts, pinned,
            context.CancellationToken);
        ServiceLog.BatchRead(logger, nameof(GetAccountStates), target.Id, accounts.Count, settled.Count);
        return settled.ToProto();
    });

    public override Task<Proto.TestTargetResponse> TestTarget(Proto.TestTargetRequest request,
        ServerCallContext context) => RunAsync(nameof(TestTarget), request, request.Target, async () =>
    {
        var validator = RequestValidator.Start();
        var target = validator.Target(request.Target, DefaultTimeout);
        validator.ThrowIfInvalid();
        // A checklist reports problems as items, so it bypasses retries and circuit breakers on purpose.
        var checks = await catalog.For(target!.Kind).TestAsync(target, context.CancellationToken);
        return checks.ToProto();
    });

    public override Task BulkPasswords(IAsyncStreamReader<Proto.BulkRequest> requestStream,
        IServerStreamWriter<Proto.BulkResponse> responseStream, ServerCallContext context) =>
        RunAsync<bool>(nameof(BulkPasswords), null, null, async () =>
        {
            await bulk.HandleAsync(requestStream, responseStream, context.CancellationToken);
            return true;
        });

    private async Task<T> RunAsync<T>(string method, IMessage? request, Proto.Target? target, Func<Task<T>> body)
    {
        if (request is not null && logger.IsEnabled(LogLevel.Debug))
        {
            ServiceLog.Request(logger, method, request.ToRedactedString());
        }

        try
        {
            return await body();
        }
        catch (DirectoryException e)
        {
            ServiceLog.Failed(logger, method, target?.Id ?? "(bulk)", e.Reason.ToString(), e.FailureClass.ToString(),
                e.Message);
            throw DirectoryErrors.ToRpcException(e);
        }
    }
}
