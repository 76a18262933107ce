using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Core.Interceptors;
using PasswordSync.Vault.V1;

namespace PasswordSync.Gateway.Tests.Jobs.Support;

/// <summary>
/// Sits on the gateway's rotation-journal client and answers every batch commit with Unavailable before it reaches
/// the vault (as a vault that went away between apply and commit would), while everything else passes through to the
/// real vault. It remembers, test-side only, the pending passwords the batches began with, to prove that the directory
/// holds them while the vault still keeps them as pending.
/// </summary>
internal sealed class FailingBatchCommits : Interceptor
{
    public ConcurrentDictionary<string, (string RotationId, string Password)> Begun { get; } = new(StringComparer.Ordinal);

    /// <summary>Records whose batch commit was refused: the directory took their new password (applied ones only).</summary>
    public ConcurrentDictionary<string, bool> Applied { get; } = new(StringComparer.Ordinal);

    public int FailedCommits => failedCommits;

    private int failedCommits;

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        if (request is BeginRotationsRequest begin)
        {
            foreach (var item in begin.Items)
            {
                Begun[item.RecordId] = (item.RotationId, item.NewPassword);
            }
        }

        if (request is not CommitRotationsRequest commit)
        {
            return continuation(request, context);
        }

        foreach (var item in commit.Items)
        {
            Applied[item.RecordId] = true;
        }

        Interlocked.Increment(ref failedCommits);
        var failure = new RpcException(new Status(StatusCode.Unavailable, "test: the vault went away before the batch commit"));
        return new AsyncUnaryCall<TResponse>(Task.FromException<TResponse>(failure), Task.FromResult(new Metadata()),
            () => new Status(StatusCode.Unavailable, "test"), () => [], () => { });
    }
}
