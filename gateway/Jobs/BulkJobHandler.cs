using Grpc.Core;
using PasswordSync.Gateway.Sync;
using PasswordSync.V1;

namespace PasswordSync.Gateway.Jobs;

/// <summary>SKELETON: bulk rotation jobs (start, get, cancel, watch).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Skeleton until built.")]
internal sealed class BulkJobHandler
{
    public Task<Job> StartAsync(BulkRotateRequest request, ServerCallContext context) =>
        throw NotBuiltYet.Error("Bulk rotation");

    public Task<Job> GetAsync(GetJobRequest request, ServerCallContext context) => throw NotBuiltYet.Error("Jobs");

    public Task<Job> CancelAsync(CancelJobRequest request, ServerCallContext context) =>
        throw NotBuiltYet.Error("Jobs");

    public Task WatchAsync(WatchJobRequest request, IServerStreamWriter<Job> stream, ServerCallContext context) =>
        throw NotBuiltYet.Error("Jobs");
}
