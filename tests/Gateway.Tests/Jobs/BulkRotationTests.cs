using Grpc.Core;
using PasswordSync.Common.V1;
using PasswordSync.Gateway.Tests.Harness;
using PasswordSync.ServiceDefaults;
using PasswordSync.V1;
using PasswordSync.Vault.V1;
using VaultJobItemStatus = PasswordSync.Vault.V1.JobItemStatus;
using VaultJobState = PasswordSync.Vault.V1.JobState;

namespace PasswordSync.Gateway.Tests.Jobs;

/// <summary>
/// Starting bulk rotations: which records a job covers, what it does to each, idempotency, dry runs and refusals.
/// The vault is real (jobs, items, records, rotation journal, audit); the rotation engines are test doubles.
/// </summary>
public sealed class BulkRotationTests(BackendsFixture suite) : IClassFixture<BackendsFixture>
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(60);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_a_selection_every_sync_enabled_record_is_rotated_once_and_the_job_completes()
    {
        await using var kit = await JobTestKit.CreateAsync(suite);
        var records = await kit.AddAdRecordsAsync(5);
        var web = await kit.Seed.AddRecordAsync(kit.List.Id, "job-web", AccountType.Web, kit.Domain);
        var noTarget = await kit.Seed.AddRecordAsync(kit.List.Id, "job-lost", AccountType.Windows, "nowhere.invalid");

        var started = await kit.Admin.BulkRotateAsync(new BulkRotateRequest
        {
            ListId = kit.List.Id,
            VerifyAfterSet = true,
        }, cancellationToken: Cancel);
        var finished = await kit.Seed.WaitFinishedAsync(started.Id, JobTimeout);

        Assert.Equal(5, started.Total);
        Assert.Equal(VaultJobState.Completed, finished.State);
        Assert.Equal(5, finished.SucceededItems);
        var items = await kit.Seed.ItemsAsync(started.Id);
        Assert.Equal(records.Select(r => r.Id).Order(), items.Select(i => i.RecordId).Order());
        Assert.DoesNotContain(kit.Rotator.Commands, c => c.RecordId == web.Id || c.RecordId == noTarget.Id);
        foreach (var item in items)
        {
            var command = Assert.Single(kit.Rotator.Commands, c => c.RecordId == item.RecordId);
            Assert.Equal($"job:{started.Id}", command.Reason);
            Assert.Equal(item.RotationId, command.RotationId); // noted on the item before it ran
            Assert.Null(command.ExpectedVersion);
            Assert.Null(command.NewPassword); // generated from the list's policy by the engine
            Assert.True(command.VerifyAfterSet);
            Assert.Equal(VaultJobItemStatus.Succeeded, item.Status);
            var history = await kit.Seed.Records.GetPasswordHistoryAsync(
                new GetPasswordHistoryRequest { RecordId = item.RecordId }, cancellationToken: Cancel);
            Assert.Single(history.Entries); // exactly one rotation reached the vault
        }
    }

    [Fact]
    public async Task An_explicit_selection_skips_records_that_are_not_sync_enabled_and_says_why()
    {
        await using var kit = await JobTestKit.CreateAsync(suite);
        var records = await kit.AddAdRecordsAsync(2);
        var web = await kit.Seed.AddRecordAsync(kit.List.Id, "job-web", AccountType.Web, kit.Domain);

        var started = await kit.Admin.BulkRotateAsync(new BulkRotateRequest
        {
            ListId = kit.List.Id,
            RecordIds = { records[0].Id, web.Id },
        }, cancellationToken: Cancel);
        var finished = await kit.Seed.WaitFinishedAsync(started.Id, JobTimeout);
        var items = (await kit.Seed.ItemsAsync(started.Id)).ToDictionary(i => i.RecordId);

        Assert.Equal(VaultJobState.Completed, finished.State);
        Assert.Equal((1, 0, 1), (finished.SucceededItems, finished.FailedItems, finished.SkippedItems));
        Assert.Equal(VaultJobItemStatus.Skipped, items[web.Id].Status);
        Assert.Equal("NOT_SYNC_ENABLED", items[web.Id].Reason);
        Assert.Contains("not synchronised", items[web.Id].Detail, StringComparison.Ordinal);
        Assert.Equal(0, kit.Rotator.TimesRotated(web.Id));
        Assert.Equal(0, kit.Rotator.TimesRotated(records[1].Id)); // not selected
    }

    [Fact]
    public async Task A_record_of_another_list_is_refused_by_name_and_no_job_is_created()
    {
        await using var kit = await JobTestKit.CreateAsync(suite);
        var records = await kit.AddAdRecordsAsync(1);
        var otherList = await kit.Seed.CreateReadyListAsync("job-other-" + Guid.NewGuid().ToString("N")[..8]);
        var stranger = await kit.Seed.AddRecordAsync(otherList.Id, "job-stranger", AccountType.Windows, kit.Domain);

        var error = await Assert.ThrowsAsync<RpcException>(() => kit.Admin.BulkRotateAsync(new BulkRotateRequest
        {
            ListId = kit.List.Id,
            RecordIds = { records[0].Id, stranger.Id },
        }, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("record_ids[1]", error.GetViolatedFields());
        var jobs = await kit.Seed.Jobs.ListJobsAsync(new ListJobsRequest { ListId = kit.List.Id }, cancellationToken: Cancel);
        Assert.Empty(jobs.Jobs);
        Assert.Empty(kit.Rotator.Commands);
    }

    [Fact]
    public async Task The_same_request_id_returns_the_same_job_and_rotates_nothing_twice()
    {
        await using var kit = await JobTestKit.CreateAsync(suite);
        var records = await kit.AddAdRecordsAsync(3);
        var request = new BulkRotateRequest { ListId = kit.List.Id, RequestId = "job-retry-" + Guid.NewGuid().ToString("N") };

        var first = await kit.Admin.BulkRotateAsync(request, cancellationToken: Cancel);
        await kit.Seed.WaitFinishedAsync(first.Id, JobTimeout);
        var again = await kit.Admin.BulkRotateAsync(request, cancellationToken: Cancel);
        await Task.Delay(1500, Cancel); // several polling rounds of the runner

        Assert.Equal(first.Id, again.Id);
        Assert.Equal(V1.JobState.Completed, again.State);
        Assert.Equal(3, again.Succeeded);
        Assert.All(records, r => Assert.Equal(1, kit.Rotator.TimesRotated(r.Id)));
        var jobs = await kit.Seed.Jobs.ListJobsAsync(new ListJobsRequest { ListId = kit.List.Id }, cancellationToken: Cancel);
        Assert.Single(jobs.Jobs);
    }

    [Fact]
    public async Task A_dry_run_rotates_nothing_and_reports_what_it_would_rotate_and_skip()
    {
        await using var kit = await JobTestKit.CreateAsync(suite);
        var records = await kit.AddAdRecordsAsync(3);
        var web = await kit.Seed.AddRecordAsync(kit.List.Id, "job-web", AccountType.Web, kit.Domain);
        var before = await kit.Seed.Records.GetRecordAsync(new Vault.V1.GetRecordRequest { Id = records[0].Id }, cancellationToken: Cancel);

        var started = await kit.Admin.BulkRotateAsync(new BulkRotateRequest
        {
            ListId = kit.List.Id,
            DryRun = true,
            RecordIds = { records.Select(r => r.Id).Append(web.Id) },
        }, cancellationToken: Cancel);
        var finished = await kit.Seed.WaitFinishedAsync(started.Id, JobTimeout);
        var items = (await kit.Seed.ItemsAsync(started.Id)).ToDictionary(i => i.RecordId);
        var view = await kit.Admin.GetJobAsync(new V1.GetJobRequest { JobId = started.Id }, cancellationToken: Cancel);

        Assert.True(started.DryRun);
        Assert.Equal(VaultJobState.Completed, finished.State);
        Assert.Empty(kit.Rotator.Commands);
        Assert.All(records, r =>
        {
            Assert.Equal(VaultJobItemStatus.Succeeded, items[r.Id].Status);
            Assert.Equal("DRY_RUN", items[r.Id].Reason);
            Assert.Contains("Would rotate", items[r.Id].Detail, StringComparison.Ordinal);
            Assert.Contains(r.UserName, items[r.Id].Detail, StringComparison.Ordinal);
        });
        Assert.Equal(VaultJobItemStatus.Skipped, items[web.Id].Status);
        Assert.Contains("not synchronised", items[web.Id].Detail, StringComparison.Ordinal);
        var after = await kit.Seed.Records.GetRecordAsync(new Vault.V1.GetRecordRequest { Id = records[0].Id }, cancellationToken: Cancel);
        Assert.Equal(before.Version, after.Version); // nothing changed in the vault
        Assert.Equal(4, view.RecentItems.Count);
        Assert.Contains(view.RecentItems, i => i.RecordId == web.Id && i.Status == "skipped");
    }

    [Fact]
    public async Task One_record_failing_never_stops_the_others()
    {
        await using var kit = await JobTestKit.CreateAsync(suite);
        var records = await kit.AddAdRecordsAsync(5);
        kit.Rotator.Refuse[records[1].Id] = true;
        kit.Rotator.RefuseBeforeBegin[records[3].Id] = true;

        var started = await kit.Admin.BulkRotateAsync(new BulkRotateRequest { ListId = kit.List.Id }, cancellationToken: Cancel);
        var finished = await kit.Seed.WaitFinishedAsync(started.Id, JobTimeout);
        var items = (await kit.Seed.ItemsAsync(started.Id)).ToDictionary(i => i.RecordId);

        Assert.Equal(VaultJobState.Completed, finished.State);
        Assert.Equal((3, 2), (finished.SucceededItems, finished.FailedItems));
        Assert.Equal("PASSWORD_POLICY", items[records[1].Id].Reason);
        Assert.Equal("ROTATION_PENDING", items[records[3].Id].Reason);
        Assert.All([records[0], records[2], records[4]], r => Assert.Equal(VaultJobItemStatus.Succeeded, items[r.Id].Status));
    }

    [Fact]
    public async Task Refusals_leave_no_job_behind()
    {
        await using var kit = await JobTestKit.CreateAsync(suite);
        await kit.Seed.AddRecordAsync(kit.List.Id, "job-web", AccountType.Web, kit.Domain);
        var readOnly = await suite.Gateway.CreateApiKeyAsync("job-read", [ApiPermission.Read]);

        var noSync = await Assert.ThrowsAsync<RpcException>(() => kit.Gateway!.Sync(readOnly)
            .BulkRotateAsync(new BulkRotateRequest { ListId = kit.List.Id }, cancellationToken: Cancel).ResponseAsync);
        var nothingToRotate = await Assert.ThrowsAsync<RpcException>(() => kit.Admin
            .BulkRotateAsync(new BulkRotateRequest { ListId = kit.List.Id }, cancellationToken: Cancel).ResponseAsync);
        var unknownList = await Assert.ThrowsAsync<RpcException>(() => kit.Admin
            .BulkRotateAsync(new BulkRotateRequest { ListId = "0123456789abcdef0123456789abcdef" }, cancellationToken: Cancel).ResponseAsync);
        var badConcurrency = await Assert.ThrowsAsync<RpcException>(() => kit.Admin
            .BulkRotateAsync(new BulkRotateRequest { ListId = kit.List.Id, Concurrency = -2 }, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, noSync.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, nothingToRotate.StatusCode);
        Assert.Contains("no sync-enabled record", nothingToRotate.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("not synchronised", nothingToRotate.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.NotFound, unknownList.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, badConcurrency.StatusCode);
        Assert.Contains("concurrency", badConcurrency.GetViolatedFields());
        var jobs = await kit.Seed.Jobs.ListJobsAsync(new ListJobsRequest { ListId = kit.List.Id }, cancellationToken: Cancel);
        Assert.Empty(jobs.Jobs);
    }
}
