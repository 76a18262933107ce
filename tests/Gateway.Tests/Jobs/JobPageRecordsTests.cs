using PasswordSync.Gateway.Tests.Harness;
using PasswordSync.Vault.V1;
using VaultJobItemStatus = PasswordSync.Vault.V1.JobItemStatus;
using VaultJobState = PasswordSync.Vault.V1.JobState;

namespace PasswordSync.Gateway.Tests.Jobs;

/// <summary>
/// A job run reads each page's records in one vault call (BatchGetRecords): a record deleted after the job was
/// created is skipped as not found, and every other record of the page is still rotated exactly once.
/// </summary>
public sealed class JobPageRecordsTests(BackendsFixture suite) : IClassFixture<BackendsFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_record_deleted_after_the_job_was_created_is_skipped_and_the_rest_of_its_page_rotates()
    {
        await using var kit = await JobTestKit.CreateAsync(suite, startGateway: false);
        var records = await kit.AddAdRecordsAsync(4, "job-p");
        var create = new CreateJobRequest { RequestId = Guid.NewGuid().ToString("N"), ListId = kit.List.Id };
        create.RecordIds.AddRange(records.Select(r => r.Id));
        var job = await kit.Seed.Jobs.CreateJobAsync(create, cancellationToken: Cancel);
        var deleted = records[1];
        await kit.Seed.Records.DeleteRecordAsync(new DeleteRecordRequest { Id = deleted.Id, Version = deleted.Version },
            cancellationToken: Cancel);

        kit.StartGateway();
        _ = kit.Gateway!.Services; // the in-process gateway starts (and its job runner claims) on first use
        var finished = await kit.Seed.WaitFinishedAsync(job.Id, TimeSpan.FromSeconds(60));
        var items = (await kit.Seed.ItemsAsync(job.Id)).ToDictionary(i => i.RecordId);

        Assert.Equal(VaultJobState.Completed, finished.State);
        Assert.Equal((3, 0, 1), (finished.SucceededItems, finished.FailedItems, finished.SkippedItems));
        Assert.Equal(VaultJobItemStatus.Skipped, items[deleted.Id].Status);
        Assert.Equal("RECORD_NOT_FOUND", items[deleted.Id].Reason);
        Assert.Equal(0, kit.Rotator.TimesRotated(deleted.Id));
        foreach (var record in records.Where(r => r.Id != deleted.Id))
        {
            Assert.Equal(VaultJobItemStatus.Succeeded, items[record.Id].Status);
            Assert.Equal(1, kit.Rotator.TimesRotated(record.Id));
        }
    }
}
