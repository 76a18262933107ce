using Microsoft.Extensions.Time.Testing;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.Tests.Storage.Contract;

namespace PasswordSync.Vault.Tests.Storage.Sqlite;

/// <summary>
/// Two store instances on one file stand for two vault processes: they share no in-process lock, so only SQLite's
/// own write lock (BEGIN IMMEDIATE) and the conditional updates keep claims single-winner and the chain unforked.
/// </summary>
public sealed class SqliteTwoInstanceTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly SqliteTestDatabase database = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Concurrent_rotation_claims_through_two_instances_have_one_winner()
    {
        var clock = new FakeTimeProvider(Start);
        var a = await database.OpenStoreAsync(clock);
        var b = await database.OpenStoreAsync(clock);
        var list = await a.Lists.CreateAsync(ContractData.List(), ContractData.Draft(AuditAction.ListCreated), Ct);
        var records = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var record = await a.Records.CreateAsync(ContractData.Record(list.Id), ContractData.Draft(AuditAction.RecordCreated), Ct);
            await b.Rotations.BeginAsync(ContractData.NewId("req"), record.Id, ContractData.Pending("gw", Start),
                ContractData.Draft(AuditAction.RotationBegun), Ct);
            records.Add(record.Id);
        }

        foreach (var recordId in records)
        {
            using var go = new ManualResetEventSlim();
            var claims = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
            {
                go.Wait(Ct);
                var store = i % 2 == 0 ? a : b;
                return await store.Rotations.ClaimAsync(recordId, $"reconciler-{i}", Start.AddSeconds(1),
                    Start.AddMinutes(5), ContractData.Draft(AuditAction.RotationClaimed), Ct);
            }, Ct)).ToArray();
            go.Set();

            var winner = Assert.Single(await Task.WhenAll(claims), r => r is not null);
            Assert.Equal(1, (await b.Records.GetAsync(recordId, Ct))!.Pending!.ClaimCount);
            Assert.Equal(winner!.Pending!.Owner, (await a.Records.GetAsync(recordId, Ct))!.Pending!.Owner);
        }

        var verification = await b.Audit.VerifyAsync(Ct);
        Assert.True(verification.Valid, verification.Problem);
        Assert.Equal(1 + (5 * 2) + 5, verification.HeadSequence);
    }

    [Fact]
    public async Task Concurrent_job_claims_through_two_instances_have_one_winner()
    {
        var clock = new FakeTimeProvider(Start);
        var a = await database.OpenStoreAsync(clock);
        var b = await database.OpenStoreAsync(clock);
        var job = await a.Jobs.CreateAsync("req-job", ContractData.Job("list-1"), ["r1"], ContractData.Draft(AuditAction.JobCreated), Ct);
        using var go = new ManualResetEventSlim();

        var claims = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            go.Wait(Ct);
            return await (i % 2 == 0 ? a : b).Jobs.ClaimAsync(job.Id, $"gw-{i}", Start, Start.AddMinutes(1), Ct);
        }, Ct)).ToArray();
        go.Set();

        var winner = Assert.Single(await Task.WhenAll(claims), r => r is not null);
        Assert.Equal(winner!.Owner, (await b.Jobs.GetAsync(job.Id, Ct))!.Owner);
    }

    [Fact]
    public async Task Appends_through_two_instances_keep_one_unbroken_chain()
    {
        var clock = new FakeTimeProvider(Start);
        var stores = new[] { await database.OpenStoreAsync(clock), await database.OpenStoreAsync(clock) };
        using var go = new ManualResetEventSlim();

        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            go.Wait(Ct);
            for (var i = 0; i < 10; i++)
            {
                await stores[w % 2].Audit.AppendAsync(null, ContractData.Draft(AuditAction.PasswordRevealed, $"w{w}"), Ct);
            }
        }, Ct)).ToArray();
        go.Set();
        await Task.WhenAll(writers);

        var verification = await stores[0].Audit.VerifyAsync(Ct);
        Assert.True(verification.Valid, verification.Problem);
        Assert.Equal(80, verification.HeadSequence);
    }

    public void Dispose() => database.Dispose();
}
