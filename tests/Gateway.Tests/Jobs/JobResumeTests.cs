using Google.Protobuf.WellKnownTypes;
using PasswordSync.Gateway.Tests.Harness;
using PasswordSync.Vault.V1;
using VaultJobItemStatus = PasswordSync.Vault.V1.JobItemStatus;
using VaultJobState = PasswordSync.Vault.V1.JobState;

namespace PasswordSync.Gateway.Tests.Jobs;

/// <summary>
/// A gateway died in the middle of a job: its lease runs out, another gateway claims the job and resumes it where it
/// stopped, settling each item that was in flight by evidence and never rotating a record twice. The dead gateway's
/// footprint is written into the REAL vault exactly as a running job leaves it (job claimed, rotation ids noted,
/// rotations begun or committed in the journal); the resuming gateway's engines are test doubles.
/// </summary>
public sealed class JobResumeTests(BackendsFixture suite) : IClassFixture<BackendsFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_job_left_by_a_dead_gateway_resumes_elsewhere_and_rotates_nothing_twice()
    {
        await using var kit = await JobTestKit.CreateAsync(suite, startGateway: false);
        var records = await kit.AddAdRecordsAsync(5, "job-r");
        var (committed, inFlight, notedOnly, untouched, finished) =
            (records[0], records[1], records[2], records[3], records[4]);
        const string deadGateway = "dead-gateway/1/0000";
        var create = new CreateJobRequest
        {
            RequestId = Guid.NewGuid().ToString("N"),
            ListId = kit.List.Id,
            Options = new JobOptions { Concurrency = 2 },
        };
        create.RecordIds.AddRange(records.Select(r => r.Id));
        var job = await kit.Seed.Jobs.CreateJobAsync(create, cancellationToken: Cancel);
        var claim = await kit.Seed.Jobs.ClaimJobAsync(new ClaimJobRequest
        {
            JobId = job.Id,
            Owner = deadGateway,
            Lease = Duration.FromTimeSpan(TimeSpan.FromSeconds(2)),
        }, cancellationToken: Cancel);
        Assert.True(claim.Claimed);
        // Done and recorded before the crash.
        await RotateAsDeadGatewayAsync(kit, job.Id, deadGateway, finished.Id, commit: true);
        await kit.Seed.Jobs.RecordJobItemAsync(new RecordJobItemRequest
        {
            JobId = job.Id,
            Owner = deadGateway,
            RecordId = finished.Id,
            Status = VaultJobItemStatus.Succeeded,
        }, cancellationToken: Cancel);
        // Committed in the vault, but the gateway died before recording the item.
        var committedRotation = await RotateAsDeadGatewayAsync(kit, job.Id, deadGateway, committed.Id, commit: true);
        // Begun (pending in the vault, maybe in the directory too) when the gateway died.
        var pendingRotation = await RotateAsDeadGatewayAsync(kit, job.Id, deadGateway, inFlight.Id, commit: false);
        // Noted on the item, but the gateway died before beginning it.
        var neverBegun = Guid.NewGuid().ToString("N");
        await kit.Seed.Jobs.SetJobItemRotationAsync(new SetJobItemRotationRequest
        {
            JobId = job.Id,
            RecordId = notedOnly.Id,
            Owner = deadGateway,
            RotationId = neverBegun,
        }, cancellationToken: Cancel);

        kit.StartGateway();
        _ = kit.Gateway!.Services; // starts the host, and with it the job runner
        var done = await kit.Seed.WaitFinishedAsync(job.Id, TimeSpan.FromSeconds(90));
        var items = (await kit.Seed.ItemsAsync(job.Id)).ToDictionary(i => i.RecordId);

        Assert.Equal(VaultJobState.Completed, done.State);
        Assert.NotEqual(deadGateway, done.Owner);
        Assert.Equal(5, done.SucceededItems);
        // Committed before the crash: settled from the audit log, not rotated again.
        Assert.Equal(0, kit.Rotator.TimesRotated(committed.Id));
        Assert.Equal(committedRotation, items[committed.Id].RotationId);
        // In flight: handed to the pending-rotation resolver once its lease expired, not rotated again.
        Assert.Equal(0, kit.Rotator.TimesRotated(inFlight.Id));
        Assert.Contains(inFlight.Id, kit.Resolver.Calls);
        Assert.Equal(pendingRotation, items[inFlight.Id].RotationId);
        // Never begun: nothing reached the journal, so it is rotated now, once, under a new rotation id.
        Assert.Equal(1, kit.Rotator.TimesRotated(notedOnly.Id));
        Assert.NotEqual(neverBegun, items[notedOnly.Id].RotationId);
        Assert.Equal(1, kit.Rotator.TimesRotated(untouched.Id));
        Assert.Equal(0, kit.Rotator.TimesRotated(finished.Id));
        foreach (var record in records)
        {
            var history = await kit.Seed.Records.GetPasswordHistoryAsync(
                new GetPasswordHistoryRequest { RecordId = record.Id }, cancellationToken: Cancel);
            Assert.Single(history.Entries); // one rotation per record reached the vault, across both gateways
            var state = await kit.Seed.Records.GetRecordAsync(new GetRecordRequest { Id = record.Id }, cancellationToken: Cancel);
            Assert.Null(state.PendingRotation);
        }
    }

    [Fact]
    public async Task A_job_whose_owner_is_alive_is_not_taken_over()
    {
        await using var kit = await JobTestKit.CreateAsync(suite, startGateway: false);
        var records = await kit.AddAdRecordsAsync(2, "job-l");
        var create = new CreateJobRequest { RequestId = Guid.NewGuid().ToString("N"), ListId = kit.List.Id };
        create.RecordIds.AddRange(records.Select(r => r.Id));
        var job = await kit.Seed.Jobs.CreateJobAsync(create, cancellationToken: Cancel);
        const string liveGateway = "live-gateway/1/0000";
        Assert.True((await kit.Seed.Jobs.ClaimJobAsync(new ClaimJobRequest
        {
            JobId = job.Id,
            Owner = liveGateway,
            Lease = Duration.FromTimeSpan(TimeSpan.FromMinutes(5)),
        }, cancellationToken: Cancel)).Claimed);

        kit.StartGateway();
        _ = kit.Gateway!.Services;
        await Task.Delay(2000, Cancel); // ten polling rounds

        var after = await kit.Seed.Jobs.GetJobAsync(new GetJobRequest { JobId = job.Id }, cancellationToken: Cancel);
        Assert.Equal(liveGateway, after.Owner);
        Assert.Equal(0, after.SucceededItems + after.FailedItems + after.SkippedItems);
        Assert.Empty(kit.Rotator.Commands);
    }

    /// <summary>What a running gateway does for one item: note the rotation id, begin, and maybe commit.</summary>
    private static async Task<string> RotateAsDeadGatewayAsync(JobTestKit kit, string jobId, string owner,
        string recordId, bool commit)
    {
        var rotationId = Guid.NewGuid().ToString("N");
        await kit.Seed.Jobs.SetJobItemRotationAsync(new SetJobItemRotationRequest
        {
            JobId = jobId,
            RecordId = recordId,
            Owner = owner,
            RotationId = rotationId,
        }, cancellationToken: Cancel);
        await kit.Seed.Rotations.BeginRotationAsync(new BeginRotationRequest
        {
            RequestId = Guid.NewGuid().ToString("N"),
            RecordId = recordId,
            RotationId = rotationId,
            NewPassword = $"Dead-{Guid.NewGuid():N}-Aa1!",
            Owner = owner,
            Lease = Duration.FromTimeSpan(TimeSpan.FromSeconds(2)),
            Reason = $"job:{jobId}",
        }, cancellationToken: Cancel);
        if (commit)
        {
            await kit.Seed.Rotations.CommitRotationAsync(new CommitRotationRequest
            {
                RequestId = Guid.NewGuid().ToString("N"),
                RecordId = recordId,
                RotationId = rotationId,
            }, cancellationToken: Cancel);
        }

        return rotationId;
    }
}
