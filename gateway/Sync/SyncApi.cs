using Grpc.Core;
using PasswordSync.Gateway.Jobs;
using PasswordSync.Gateway.Reports;
using PasswordSync.V1;

namespace PasswordSync.Gateway.Sync;

/// <summary>
/// The public Sync service: a thin shell over one handler per capability, so checks, rotations, reports and jobs stay
/// in their own folders. Handlers authorise, validate and map; the engines below them (IRecordChecker, IRecordRotator,
/// IPendingRotationResolver) do not know about callers.
/// </summary>
internal sealed class SyncApi(
    CheckPasswordHandler checks,
    SaveAndSyncHandler rotations,
    SyncReportHandler reports,
    BulkJobHandler jobs) : V1.Sync.SyncBase
{
    public override Task<CheckResult> CheckRecordPassword(CheckRecordPasswordRequest request,
        ServerCallContext context) => checks.CheckRecordAsync(request, context);

    public override Task<CheckResult> CheckAccountPassword(CheckAccountPasswordRequest request,
        ServerCallContext context) => checks.CheckAccountAsync(request, context);

    public override Task<SyncOutcome> SaveAndSync(SaveAndSyncRequest request, ServerCallContext context) =>
        rotations.SaveAndSyncAsync(request, context);

    public override Task<SyncOutcome> Rotate(RotateRequest request, ServerCallContext context) =>
        rotations.RotateAsync(request, context);

    public override Task SyncReport(SyncReportRequest request, IServerStreamWriter<SyncReportEvent> responseStream,
        ServerCallContext context) => reports.StreamAsync(request, responseStream, context);

    public override Task<Job> BulkRotate(BulkRotateRequest request, ServerCallContext context) =>
        jobs.StartAsync(request, context);

    public override Task<Job> GetJob(GetJobRequest request, ServerCallContext context) =>
        jobs.GetAsync(request, context);

    public override Task<Job> CancelJob(CancelJobRequest request, ServerCallContext context) =>
        jobs.CancelAsync(request, context);

    public override Task WatchJob(WatchJobRequest request, IServerStreamWriter<Job> responseStream,
        ServerCallContext context) => jobs.WatchAsync(request, responseStream, context);

    public override Task<ListJobItemsResponse> ListJobItems(ListJobItemsRequest request, ServerCallContext context) =>
        jobs.ListItemsAsync(request, context);
}
