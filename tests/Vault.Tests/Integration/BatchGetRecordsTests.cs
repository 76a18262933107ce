using Grpc.Core;
using PasswordSync.Vault.V1;
using static PasswordSync.Vault.Tests.Integration.VaultHostScenarios;

namespace PasswordSync.Vault.Tests.Integration;

/// <summary>
/// BatchGetRecords, the one-call read of a bulk job's page: the same records GetRecord returns, in the order asked,
/// a missing id left out, a deleted record marked deleted; a bad request is refused whole before anything is read.
/// </summary>
public sealed class BatchGetRecordsTests(VaultHostFixture fixture) : IClassFixture<VaultHostFixture>
{
    private readonly VaultHost host = fixture.Host;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reads_each_record_as_GetRecord_does_in_the_order_asked_leaving_out_missing_ids()
    {
        var list = await host.CreateReadyListAsync();
        var first = await host.CreateRecordAsync(list.Id, "Batch read one", password: "Batch-Read-Pa55word1!");
        var second = await host.CreateRecordAsync(list.Id, "Batch read two");
        var third = await host.CreateRecordAsync(list.Id, "Batch read three", password: "Batch-Read-Pa55word3!");
        var deleted = await host.Records().DeleteRecordAsync(
            new DeleteRecordRequest { Id = third.Id, Version = third.Version }, cancellationToken: Ct);
        var missing = "no-such-record-" + Guid.NewGuid().ToString("N");

        var response = await host.Records().BatchGetRecordsAsync(
            new BatchGetRecordsRequest { Ids = { third.Id, missing, first.Id, second.Id } }, cancellationToken: Ct);

        Assert.Equal([third.Id, first.Id, second.Id], response.Records.Select(r => r.Id));
        foreach (var record in response.Records)
        {
            var single = await host.Records().GetRecordAsync(new GetRecordRequest { Id = record.Id },
                cancellationToken: Ct);
            Assert.Equal(single, record);
        }

        Assert.Equal(deleted.DeleteTime, response.Records[0].DeleteTime);
        Assert.True(response.Records[1].HasPassword);
        Assert.False(response.Records[2].HasPassword);
    }

    [Fact]
    public async Task Only_missing_ids_read_as_an_empty_answer()
    {
        var response = await host.Records().BatchGetRecordsAsync(
            new BatchGetRecordsRequest { Ids = { "missing-" + Guid.NewGuid().ToString("N") } }, cancellationToken: Ct);

        Assert.Empty(response.Records);
    }

    [Fact]
    public async Task No_ids_too_many_ids_a_repeated_id_or_a_bad_id_is_refused_naming_the_field()
    {
        var list = await host.CreateReadyListAsync();
        var record = await host.CreateRecordAsync(list.Id, "Batch read refused");

        AssertFields(await FailsWith(StatusCode.InvalidArgument, async () => await host.Records()
            .BatchGetRecordsAsync(new BatchGetRecordsRequest(), cancellationToken: Ct)), "ids");

        var tooMany = new BatchGetRecordsRequest();
        tooMany.Ids.AddRange(Enumerable.Range(0, 1001).Select(i => $"record-{i}"));
        AssertFields(await FailsWith(StatusCode.InvalidArgument, async () => await host.Records()
            .BatchGetRecordsAsync(tooMany, cancellationToken: Ct)), "ids");

        AssertFields(await FailsWith(StatusCode.InvalidArgument, async () => await host.Records()
            .BatchGetRecordsAsync(new BatchGetRecordsRequest { Ids = { record.Id, "", record.Id, "bad\u0007id" } },
                cancellationToken: Ct)), "ids[1]", "ids[2]", "ids[3]");
    }

    [Fact]
    public async Task A_full_page_of_a_thousand_ids_is_read_in_one_call()
    {
        var list = await host.CreateReadyListAsync();
        var created = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            created.Add((await host.CreateRecordAsync(list.Id, $"Batch page {i}")).Id);
        }

        var request = new BatchGetRecordsRequest();
        request.Ids.AddRange(Enumerable.Range(0, 997).Select(i => $"absent-{i}-{Guid.NewGuid():N}"));
        request.Ids.AddRange(created);

        var response = await host.Records().BatchGetRecordsAsync(request, cancellationToken: Ct);

        Assert.Equal(created, response.Records.Select(r => r.Id));
    }
}
