using Grpc.Net.Client;
using PasswordSync.Common.V1;
using PasswordSync.Gateway.Tests.Harness;
using PasswordSync.Vault.V1;
using Record = PasswordSync.Vault.V1.Record;

namespace PasswordSync.Gateway.Tests.Jobs.Support;

/// <summary>
/// Writes test data straight into the real vault process (lists, targets, records) and reads back what the gateway
/// stored there (jobs, items, audit), so tests check persisted state rather than the gateway's own answers.
/// </summary>
public sealed class VaultSeed : IDisposable
{
    private readonly GrpcChannel channel;

    public VaultSeed(BackendProcesses backends)
    {
        // Mutual TLS: the vault accepts only the gateway's client certificate.
        channel = backends.ChannelAsGateway(backends.VaultAddress);
        Lists = new PasswordLists.PasswordListsClient(channel);
        Records = new PasswordRecords.PasswordRecordsClient(channel);
        Targets = new TargetService.TargetServiceClient(channel);
        Jobs = new JobService.JobServiceClient(channel);
        Rotations = new RotationJournal.RotationJournalClient(channel);
        Audit = new AuditLogService.AuditLogServiceClient(channel);
    }

    public PasswordLists.PasswordListsClient Lists { get; }

    public PasswordRecords.PasswordRecordsClient Records { get; }

    public TargetService.TargetServiceClient Targets { get; }

    public JobService.JobServiceClient Jobs { get; }

    public RotationJournal.RotationJournalClient Rotations { get; }

    public AuditLogService.AuditLogServiceClient Audit { get; }

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <summary>An Active Directory target answering to <paramref name="name"/> (used for eligibility only unless real).</summary>
    public Task<Target> CreateAdTargetAsync(string name, string endpoint = "127.0.0.11:636", string? caPem = null,
        string baseDn = "DC=pwsync,DC=test", string privilegedAccount = "Administrator@pwsync.test",
        string privilegedPassword = "not-used-by-doubles-1A!") =>
        Targets.CreateTargetAsync(new CreateTargetRequest
        {
            Target = new TargetSpec
            {
                Kind = TargetKind.ActiveDirectory,
                Names = { name },
                Endpoints = { endpoint },
                CaCertificatePem = caPem ?? "",
                AcceptAnyCertificate = caPem is null,
                BaseDn = baseDn,
                PrivilegedAccount = privilegedAccount,
                PrivilegedPassword = privilegedPassword,
            },
        }).ResponseAsync;

    /// <summary>A list ready for synchronisation: User Name, Account Type and a "Domain or Host" generic field.</summary>
    public Task<PasswordList> CreateReadyListAsync(string name) =>
        Lists.CreateListAsync(new CreateListRequest
        {
            List = new PasswordList
            {
                Name = name,
                Fields = new FieldConfiguration
                {
                    StandardFields = { StandardField.Title, StandardField.UserName, StandardField.AccountType },
                    GenericFields = { new GenericField { Key = "generic1", Label = "Domain or Host" } },
                },
            },
        }).ResponseAsync;

    public Task<Record> AddRecordAsync(string listId, string userName, AccountType accountType, string domainOrHost,
        string password = "Initial-Pass-1!") =>
        Records.CreateRecordAsync(new CreateRecordRequest
        {
            Record = new Record
            {
                ListId = listId,
                Title = userName,
                UserName = userName,
                AccountType = accountType,
                GenericValues = { ["generic1"] = domainOrHost },
            },
            InitialPassword = password,
        }).ResponseAsync;

    public async Task<List<JobItem>> ItemsAsync(string jobId)
    {
        var items = new List<JobItem>();
        var token = "";
        do
        {
            var page = await Jobs.ListJobItemsAsync(new ListJobItemsRequest { JobId = jobId, PageSize = 500, PageToken = token });
            items.AddRange(page.Items);
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        return items;
    }

    /// <summary>Polls the vault until the job is finished (bounded).</summary>
    public async Task<Job> WaitFinishedAsync(string jobId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var job = await Jobs.GetJobAsync(new GetJobRequest { JobId = jobId });
            if (job.State is JobState.Completed or JobState.Cancelled or JobState.Failed)
            {
                return job;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Job {jobId} still {job.State} after {timeout} ({job.SucceededItems}+{job.FailedItems}+{job.SkippedItems}/{job.TotalItems}).");
            }

            await Task.Delay(100);
        }
    }

    public void Dispose() => channel.Dispose();
}
