using Grpc.Core;
using Microsoft.Extensions.Options;
using PasswordSync.Gateway.Auth;
using PasswordSync.Gateway.Sync;
using PasswordSync.Gateway.Sync.Checks;
using PasswordSync.ServiceDefaults;
using PasswordSync.V1;
using PasswordSync.Vault.V1;

namespace PasswordSync.Gateway.Reports;

/// <summary>
/// The streaming sync report of a list (GET /v1/lists/{list_id}/syncReport): one result per record as soon as it is
/// known, then a summary. It binds to directories, so it needs the sync permission on the list.
/// </summary>
internal sealed class SyncReportHandler(
    IServiceProvider services,
    PasswordLists.PasswordListsClient lists,
    PasswordRecords.PasswordRecordsClient records,
    SyncMaterialService.SyncMaterialServiceClient syncMaterial,
    ISyncEligibilityEvaluator eligibility,
    IOptionsMonitor<SyncReportOptions> options,
    IOptions<CheckOptions> checkOptions,
    TimeProvider clock,
    ILogger<SyncReportHandler> logger)
{
    public async Task StreamAsync(SyncReportRequest request, IServerStreamWriter<SyncReportEvent> stream,
        ServerCallContext context)
    {
        if (string.IsNullOrWhiteSpace(request.ListId))
        {
            throw RpcErrors.InvalidArgument("list_id", "is required.");
        }

        if (request.Concurrency < 0)
        {
            throw RpcErrors.InvalidArgument("concurrency", "must be 0 (the configured default) or a positive number.");
        }

        context.Require(Access.Sync, request.ListId);
        // Resolved per call, not injected: the checking engine is registered by its own feature (Sync).
        var checker = services.GetService<RecordChecker>() ?? throw NotBuiltYet.Error("Password checks");
        var settings = options.CurrentValue;
        var list = await lists.GetListAsync(new Vault.V1.GetListRequest { Id = request.ListId },
            cancellationToken: context.CancellationToken);
        var concurrency = request.Concurrency == 0
            ? settings.ConcurrencyPerTarget
            : Math.Min(request.Concurrency, settings.MaxConcurrencyPerTarget);

        var run = new SyncReportRun(records, eligibility, checker, syncMaterial,
            services.GetRequiredService<Directory.V1.DirectorySync.DirectorySyncClient>(),
            services.GetRequiredService<AccountLocks>(), settings, checkOptions.Value.VaultCallTimeout,
            checkOptions.Value.DirectoryCallTimeout, clock, logger);
        var summary = await run.RunAsync(list, concurrency,
            result => stream.WriteAsync(new SyncReportEvent { Result = result }, context.CancellationToken),
            context.CancellationToken);
        await stream.WriteAsync(new SyncReportEvent { Summary = summary }, context.CancellationToken);
    }
}
