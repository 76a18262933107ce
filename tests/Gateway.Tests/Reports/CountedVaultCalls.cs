using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using PasswordSync.Gateway.Internal;
using PasswordSync.Vault.V1;

namespace PasswordSync.Gateway.Tests.Reports;

/// <summary>
/// The gateway's vault clients (records, lists, sync material) talking to the REAL vault over mutual TLS with the
/// gateway's actor header, counting every call by method: what a report asks of the vault per record.
/// </summary>
public sealed class CountedVaultCalls : Interceptor, IDisposable
{
    private readonly ConcurrentDictionary<string, int> calls = new(StringComparer.Ordinal);
    private readonly GrpcChannel channel;
    private readonly CallInvoker invoker;

    public CountedVaultCalls(Harness.BackendProcesses backends)
    {
        channel = backends.ChannelAsGateway(backends.VaultAddress);
        invoker = channel.Intercept(this).Intercept(new ActorHeaderInterceptor());
    }

    /// <summary>A method the vault "refuses" (Unavailable) without being asked, to test how the gateway copes.</summary>
    public string? Refuse { get; init; }

    /// <summary>The status <see cref="Refuse"/> answers with (Unimplemented plays an older vault).</summary>
    public StatusCode RefuseWith { get; init; } = StatusCode.Unavailable;

    /// <summary>Calls of <paramref name="method"/> ("GetRecord", "RecordSyncStates", ...).</summary>
    public int Of(string method) => calls.GetValueOrDefault(method);

    /// <summary>Replaces the gateway's clients of the three vault services with counted ones.</summary>
    public void Register(IServiceCollection services)
    {
        services.AddSingleton(new PasswordRecords.PasswordRecordsClient(invoker));
        services.AddSingleton(new PasswordLists.PasswordListsClient(invoker));
        services.AddSingleton(new SyncMaterialService.SyncMaterialServiceClient(invoker));
    }

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        calls.AddOrUpdate(context.Method.Name, 1, (_, n) => n + 1);
        if (context.Method.Name == Refuse)
        {
            var refused = new RpcException(new Status(RefuseWith, "refused by the test"));
            return new AsyncUnaryCall<TResponse>(Task.FromException<TResponse>(refused), Task.FromResult(new Metadata()),
                () => refused.Status, () => [], () => { });
        }

        return continuation(request, context);
    }

    public void Dispose() => channel.Dispose();
}
