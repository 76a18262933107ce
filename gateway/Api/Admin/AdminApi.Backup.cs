using Grpc.Core;
using PasswordSync.Gateway.Auth;
using VaultApi = PasswordSync.Vault.V1;

namespace PasswordSync.Gateway.Api.Admin;

/// <summary>
/// Backup and restore: relayed chunk by chunk to the vault, which takes, checks, audits and applies them (the
/// gateway holds no copy). After a restore the API keys are the backup's, so the key cache is emptied at once: a key
/// that the restore removed stops working here immediately (other gateway instances within their cache period).
/// </summary>
internal sealed partial class AdminApi
{
    public override async Task BackupVault(V1.BackupVaultRequest request,
        IServerStreamWriter<V1.BackupChunk> responseStream, ServerCallContext context)
    {
        context.Require(Access.Admin);
        using var call = backup.BackupDatabase(new VaultApi.BackupDatabaseRequest(),
            cancellationToken: context.CancellationToken);
        await foreach (var chunk in call.ResponseStream.ReadAllAsync(context.CancellationToken))
        {
            await responseStream.WriteAsync(chunk.ToPublic(), context.CancellationToken);
        }
    }

    public override async Task<V1.RestoreVaultResponse> RestoreVault(IAsyncStreamReader<V1.RestoreChunk> requestStream,
        ServerCallContext context)
    {
        context.Require(Access.Admin);
        try
        {
            var restored = await RelayRestoreAsync(requestStream, context.CancellationToken);
            keyCache.Clear();
            return restored.ToPublicRestore();
        }
        catch (RpcException e) when (e.StatusCode is not (StatusCode.Cancelled or StatusCode.Unavailable))
        {
            await AuditRefusalAsync(e);
            throw;
        }
    }

    private async Task<VaultApi.DatabaseSummary> RelayRestoreAsync(IAsyncStreamReader<V1.RestoreChunk> requestStream,
        CancellationToken cancellationToken)
    {
        using var call = backup.RestoreDatabase(cancellationToken: cancellationToken);
        try
        {
            await foreach (var chunk in requestStream.ReadAllAsync(cancellationToken))
            {
                await call.RequestStream.WriteAsync(chunk.ToVault(), cancellationToken);
            }

            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException) when (call.GetStatus() is { StatusCode: not StatusCode.OK })
        {
            // The vault refused part-way (too large, a malformed option): its answer below says why.
        }

        return await call.ResponseAsync;
    }

    // A refused restore changed nothing in the vault, but the attempt is on record: who tried, and why it was refused.
    private async Task AuditRefusalAsync(RpcException refusal)
    {
        var detail = $"Vault restore refused ({refusal.StatusCode}): {refusal.Status.Detail}";
        try
        {
            await audit.AppendAuditEventAsync(new VaultApi.AppendAuditEventRequest
            {
                RequestId = "restore:" + Guid.NewGuid().ToString("N"),
                Action = "OperationFailed",
                Detail = detail.Length <= 2000 ? detail : detail[..2000],
            }, cancellationToken: CancellationToken.None);
        }
        catch (RpcException e)
        {
            // The caller still gets the refusal; the log keeps what the audit could not.
            AdminLog.RefusalNotAudited(logger, refusal.StatusCode.ToString(), e.StatusCode.ToString());
        }
    }
}
