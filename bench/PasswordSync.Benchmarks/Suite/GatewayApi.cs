using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using PasswordSync.Benchmarks.Directories;
using PasswordSync.Common.V1;
using PasswordSync.V1;
using Record = PasswordSync.V1.Record;

namespace PasswordSync.Benchmarks.Suite;

/// <summary>The benchmark's steps through the gateway's public gRPC API, as any client would take them.</summary>
internal sealed class GatewayApi(BenchSuite suite)
{
    private const int RecordWriters = 8;

    private static readonly TimeSpan JobTimeout = TimeSpan.FromHours(2);

    public Records.RecordsClient Records { get; } = new(suite.PublicChannel);

    public Sync.SyncClient Sync { get; } = new(suite.PublicChannel);

    public async Task<string> RegisterActiveDirectoryAsync(ActiveDirectory ad) =>
        (await new Targets.TargetsClient(suite.PublicChannel).CreateTargetAsync(new CreateTargetRequest
        {
            Target = new Target
            {
                Kind = TargetKind.ActiveDirectory,
                Names = { ad.DomainName, ad.NetBiosName },
                Endpoints = { ad.Endpoint },
                CaCertificatePem = ad.CaPem,
                BaseDn = ad.BaseDn,
                PrivilegedAccount = ad.AdminUser,
                PrivilegedPassword = ad.AdminPassword,
            },
        })).Id;

    public async Task<string> RegisterOpenLdapAsync(OpenLdapDirectory ldap, string name) =>
        (await new Targets.TargetsClient(suite.PublicChannel).CreateTargetAsync(new CreateTargetRequest
        {
            Target = new Target
            {
                Kind = TargetKind.Ldap,
                Names = { name },
                Endpoints = { ldap.Endpoint },
                CaCertificatePem = ldap.CaPem,
                BaseDn = ldap.PeopleDn,
                PrivilegedAccount = ldap.ResetDn,
                PrivilegedPassword = ldap.ResetPassword,
            },
        })).Id;

    /// <summary>A list ready for synchronisation: User Name, Account Type and "Domain or Host".</summary>
    public async Task<string> CreateReadyListAsync(string name)
    {
        var list = await new Lists.ListsClient(suite.PublicChannel).CreateListAsync(new CreateListRequest
        {
            List = new PasswordList
            {
                Name = name,
                StandardFields = { StandardField.Title, StandardField.UserName, StandardField.AccountType },
                GenericFields = { new GenericField { Key = "generic1", Label = "Domain or Host" } },
                Policy = new PasswordPolicy
                {
                    Style = PasswordStyle.Characters,
                    Length = 24,
                    UseUppercase = true,
                    UseLowercase = true,
                    UseDigits = true,
                    UseSymbols = true,
                    MinUppercase = 2,
                    MinLowercase = 2,
                    MinDigits = 2,
                    MinSymbols = 1,
                },
            },
        });
        return list.Readiness.Ready ? list.Id : throw new InvalidOperationException($"List {name} is not ready: {list.Readiness.Missing}");
    }

    /// <summary>One sync-enabled record per account with the password the directory holds; ids in account order.</summary>
    public async Task<string[]> AddRecordsAsync(string listId, IReadOnlyList<BenchAccount> accounts, AccountType type,
        string domainOrHost)
    {
        var ids = new string[accounts.Count];
        await Parallel.ForAsync(0, accounts.Count, new ParallelOptions { MaxDegreeOfParallelism = RecordWriters },
            async (i, cancellationToken) =>
            {
                var record = await Records.CreateRecordAsync(new CreateRecordRequest
                {
                    ListId = listId,
                    Record = new Record
                    {
                        Title = accounts[i].UserName,
                        UserName = accounts[i].UserName,
                        AccountType = type,
                        GenericFields = { ["generic1"] = domainOrHost },
                        Password = accounts[i].Password,
                    },
                }, cancellationToken: cancellationToken);
                ids[i] = record.SyncEnabled
                    ? record.Id
                    : throw new InvalidOperationException($"{accounts[i].UserName} is not sync-enabled: {record.SyncDisabledReason}");
            });
        return ids;
    }

    /// <summary>Starts a bulk rotation of the whole list and follows it to its end: the finished job and the wall time.</summary>
    public async Task<(Job Job, TimeSpan Elapsed)> BulkRotateAsync(string listId, bool verify, int concurrency)
    {
        var clock = Stopwatch.StartNew();
        var job = await Sync.BulkRotateAsync(new BulkRotateRequest
        {
            ListId = listId,
            VerifyAfterSet = verify,
            Concurrency = concurrency,
            RequestId = Guid.NewGuid().ToString("N"),
        });
        using var timeout = new CancellationTokenSource(JobTimeout);
        using var watch = Sync.WatchJob(new WatchJobRequest { JobId = job.Id }, cancellationToken: timeout.Token);
        while (!IsFinished(job) && await watch.ResponseStream.MoveNext(timeout.Token))
        {
            job = watch.ResponseStream.Current;
        }

        return IsFinished(job)
            ? (job, clock.Elapsed)
            : throw new InvalidOperationException($"Job {job.Id} stream ended while the job was {job.State}.");
    }

    /// <summary>The whole sync report of the list: its summary and the wall time to the last event.</summary>
    public async Task<(SyncReportSummary Summary, TimeSpan Elapsed)> SyncReportAsync(string listId, int concurrency)
    {
        var clock = Stopwatch.StartNew();
        using var call = Sync.SyncReport(new SyncReportRequest { ListId = listId, Concurrency = concurrency });
        SyncReportSummary? summary = null;
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            if (call.ResponseStream.Current.EventCase == SyncReportEvent.EventOneofCase.Summary)
            {
                summary = call.ResponseStream.Current.Summary;
            }
        }

        return (summary ?? throw new InvalidOperationException("The sync report ended without a summary."), clock.Elapsed);
    }

    public async Task<string> RevealAsync(string recordId) =>
        (await Records.RevealPasswordAsync(new RevealPasswordRequest { RecordId = recordId, Reason = "benchmark" })).Password;

    private static bool IsFinished(Job job) => job.FinishTime is not null
        || job.State is JobState.Completed or JobState.Cancelled or JobState.Failed;
}
