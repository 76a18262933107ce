using System.Text.Json;
using Grpc.Core;
using PasswordSync.Gateway.Tests.Harness;
using PasswordSync.V1;
using PasswordSync.Vault.V1;
using PublicJobState = PasswordSync.V1.JobState;
using VaultJobItemStatus = PasswordSync.Vault.V1.JobItemStatus;
using VaultJobState = PasswordSync.Vault.V1.JobState;

namespace PasswordSync.Gateway.Tests.Jobs;

/// <summary>
/// How a running job is scheduled and observed: per-target concurrency, cancel, watch and get over gRPC and HTTP.
/// The vault is real; the rotation engine is the <see cref="Support.ScriptedRotator"/> test double.
/// </summary>
public sealed class JobSchedulingTests(BackendsFixture suite) : IClassFixture<BackendsFixture>
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(60);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_target_gets_at_most_the_jobs_concurrency()
    {
        await using var kit = await JobTestKit.CreateAsync(suite);
        var otherDomain = Support.VaultSeed.Unique("jobb") + ".test";
        await kit.Seed.CreateAdTargetAsync(otherDomain);
        var onA = await kit.AddAdRecordsAsync(6, "job-a");
        var onB = await kit.AddAdRecordsAsync(6, "job-b", otherDomain);
        onA.ForEach(r => kit.Rotator.TargetOf[r.Id] = "A");
        onB.ForEach(r => kit.Rotator.TargetOf[r.Id] = "B");
        kit.Rotator.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var started = await kit.Admin.BulkRotateAsync(new BulkRotateRequest { ListId = kit.List.Id, Concurrency = 2 },
            cancellationToken: Cancel);
        await WaitUntilAsync(() => kit.Rotator.Started == 4);
        await Task.Delay(400, Cancel);
        Assert.Equal(4, kit.Rotator.Started); // 2 per target while those are held
        kit.Rotator.Hold.SetResult();
        var finished = await kit.Seed.WaitFinishedAsync(started.Id, JobTimeout);

        Assert.Equal(12, finished.SucceededItems);
        Assert.Equal(2, kit.Rotator.MaxInFlight("A"));
        Assert.Equal(2, kit.Rotator.MaxInFlight("B"));
    }

    [Fact]
    public async Task Cancel_starts_no_new_item_lets_those_in_flight_finish_and_ends_cancelled()
    {
        await using var kit = await JobTestKit.CreateAsync(suite);
        var records = await kit.AddAdRecordsAsync(10);
        kit.Rotator.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = await kit.Admin.BulkRotateAsync(new BulkRotateRequest { ListId = kit.List.Id, Concurrency = 2 },
            cancellationToken: Cancel);
        await WaitUntilAsync(() => kit.Rotator.Started == 2);

        var cancelling = await kit.Admin.CancelJobAsync(new CancelJobRequest { JobId = started.Id }, cancellationToken: Cancel);
        kit.Rotator.Hold.SetResult();
        var finished = await kit.Seed.WaitFinishedAsync(started.Id, JobTimeout);

        Assert.True(cancelling.CancelRequested);
        Assert.Equal(VaultJobState.Cancelled, finished.State);
        Assert.Equal(2, finished.SucceededItems); // the two in flight finished and were recorded
        Assert.Equal(2, kit.Rotator.Started);
        var pending = (await kit.Seed.ItemsAsync(started.Id)).Count(i => i.Status == VaultJobItemStatus.Pending);
        Assert.Equal(8, pending);
        Assert.Equal(8, records.Count(r => kit.Rotator.TimesRotated(r.Id) == 0));
    }

    [Fact]
    public async Task Watch_streams_progress_until_the_job_finishes()
    {
        await using var kit = await JobTestKit.CreateAsync(suite);
        await kit.AddAdRecordsAsync(6);
        kit.Rotator.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = await kit.Admin.BulkRotateAsync(new BulkRotateRequest { ListId = kit.List.Id, Concurrency = 1 },
            cancellationToken: Cancel);
        await WaitUntilAsync(() => kit.Rotator.Started == 1);

        using var watch = kit.Admin.WatchJob(new WatchJobRequest { JobId = started.Id }, cancellationToken: Cancel);
        Assert.True(await watch.ResponseStream.MoveNext(Cancel));
        var first = watch.ResponseStream.Current;
        kit.Rotator.Hold.SetResult();
        var updates = new List<V1.Job> { first };
        while (await watch.ResponseStream.MoveNext(Cancel))
        {
            updates.Add(watch.ResponseStream.Current);
        }

        Assert.Equal(PublicJobState.Running, first.State);
        Assert.Equal(6, first.Remaining);
        var last = updates[^1];
        Assert.Equal(PublicJobState.Completed, last.State);
        Assert.Equal((6, 0, 0), (last.Succeeded, last.Remaining, last.Failed));
        Assert.Equal(6, last.RecentItems.Count);
        Assert.All(last.RecentItems, i => Assert.Equal("succeeded", i.Status));
        Assert.True(last.RatePerSecond > 0);
        Assert.True(updates.Count >= 3, $"only {updates.Count} updates"); // progress, not just start and end
        var remaining = updates.Select(u => u.Remaining).ToList();
        Assert.Equal(remaining.OrderDescending(), remaining);
    }

    [Fact]
    public async Task Over_http_a_job_is_read_watched_and_cancelled_by_resource_routes()
    {
        await using var kit = await JobTestKit.CreateAsync(suite);
        var records = await kit.AddAdRecordsAsync(2);
        using var http = kit.Gateway!.Http(suite.AdminKey);

        using var created = await http.PostAsync(new Uri($"/v1/lists/{kit.List.Id}:bulkRotate", UriKind.Relative),
            new StringContent($$"""{"dryRun": true, "recordIds": ["{{records[0].Id}}"]}""", System.Text.Encoding.UTF8, "application/json"), Cancel);
        var createdBody = await created.Content.ReadAsStringAsync(Cancel);
        Assert.True(created.IsSuccessStatusCode, createdBody);
        var jobId = JsonDocument.Parse(createdBody).RootElement.GetProperty("id").GetString();
        using var watch = await http.GetAsync(new Uri($"/v1/jobs/{jobId}:watch", UriKind.Relative), Cancel);
        var lines = (await watch.Content.ReadAsStringAsync(Cancel)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using var get = await http.GetAsync(new Uri($"/v1/jobs/{jobId}", UriKind.Relative), Cancel);
        var job = JsonDocument.Parse(await get.Content.ReadAsStringAsync(Cancel)).RootElement;
        using var cancel = await http.PostAsync(new Uri($"/v1/jobs/{jobId}:cancel", UriKind.Relative),
            new StringContent("{}", System.Text.Encoding.UTF8, "application/json"), Cancel);

        Assert.True(watch.IsSuccessStatusCode);
        Assert.Equal("JOB_STATE_COMPLETED", JsonDocument.Parse(lines[^1]).RootElement.GetProperty("state").GetString());
        Assert.Equal("JOB_STATE_COMPLETED", job.GetProperty("state").GetString());
        Assert.True(job.GetProperty("dryRun").GetBoolean());
        Assert.Equal("DRY_RUN", job.GetProperty("recentItems")[0].GetProperty("reasonCode").GetString());
        Assert.True(cancel.IsSuccessStatusCode); // cancelling a finished job changes nothing
        Assert.Empty(kit.Rotator.Commands);
    }

    [Fact]
    public async Task Jobs_are_visible_only_to_keys_scoped_to_their_list()
    {
        await using var kit = await JobTestKit.CreateAsync(suite);
        var records = await kit.AddAdRecordsAsync(1);
        var started = await kit.Admin.BulkRotateAsync(new BulkRotateRequest
        {
            ListId = kit.List.Id,
            DryRun = true,
            RecordIds = { records[0].Id },
        }, cancellationToken: Cancel);
        var elsewhere = await kit.Seed.CreateReadyListAsync(Support.VaultSeed.Unique("job-elsewhere"));
        var otherScope = await suite.Gateway.CreateApiKeyAsync("job-scope", [ApiPermission.Read, ApiPermission.Sync], [elsewhere.Id]);
        var readerHere = await suite.Gateway.CreateApiKeyAsync("job-reader", [ApiPermission.Read], [kit.List.Id]);

        var hidden = await Assert.ThrowsAsync<RpcException>(() => kit.Gateway!.Sync(otherScope)
            .GetJobAsync(new V1.GetJobRequest { JobId = started.Id }, cancellationToken: Cancel).ResponseAsync);
        var seen = await kit.Gateway!.Sync(readerHere).GetJobAsync(new V1.GetJobRequest { JobId = started.Id }, cancellationToken: Cancel);
        var noCancel = await Assert.ThrowsAsync<RpcException>(() => kit.Gateway!.Sync(readerHere)
            .CancelJobAsync(new CancelJobRequest { JobId = started.Id }, cancellationToken: Cancel).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => kit.Admin
            .GetJobAsync(new V1.GetJobRequest { JobId = "0123456789abcdef0123456789abcdef" }, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, hidden.StatusCode);
        Assert.Equal(started.Id, seen.Id);
        Assert.Equal(StatusCode.PermissionDenied, noCancel.StatusCode);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        var job = await kit.Seed.Jobs.GetJobAsync(new Vault.V1.GetJobRequest { JobId = started.Id }, cancellationToken: Cancel);
        Assert.False(job.CancelRequested);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached within 30 s");
            await Task.Delay(20, Cancel);
        }
    }
}
