using Grpc.Core;
using PasswordSync.V1;

namespace PasswordSync.Gateway.Tests.Reports;

/// <summary>Reads a sync report's whole stream (results, then the summary) and disposes the call.</summary>
public static class ReportEvents
{
    public static async Task<List<SyncReportEvent>> ReadAllAsync(AsyncServerStreamingCall<SyncReportEvent> call)
    {
        using (call)
        {
            var events = new List<SyncReportEvent>();
            while (await call.ResponseStream.MoveNext(TestContext.Current.CancellationToken))
            {
                events.Add(call.ResponseStream.Current);
            }

            return events;
        }
    }
}
