using Grpc.Core;
using PasswordSync.Gateway.Sync;
using PasswordSync.V1;

namespace PasswordSync.Gateway.Reports;

/// <summary>SKELETON: the streaming sync report of a list.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Skeleton until built.")]
internal sealed class SyncReportHandler
{
    public Task StreamAsync(SyncReportRequest request, IServerStreamWriter<SyncReportEvent> stream,
        ServerCallContext context) => throw NotBuiltYet.Error("The sync report");
}
