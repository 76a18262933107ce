using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Grpc.Net.Client;
using PasswordSync.Common.V1;
using PasswordSync.V1;
using Record = PasswordSync.V1.Record;

namespace PasswordSync.Gateway.Tests.EndToEnd.Harness;

/// <summary>
/// Intent-level steps of the end-to-end scenarios, through the gateway's public API only: targets and lists over
/// HTTP/JSON (as a script would set them up), records, reveal and sync through the generated gRPC clients.
/// Remembers every password it handled, for the leak checks.
/// </summary>
public sealed class ApiScenario(SuiteProcesses suite) : IDisposable
{
    private const int RecordWriters = 8;

    private readonly GrpcChannel channel = suite.Channel();
    private readonly ConcurrentBag<string> secrets = [];

    public V1.Records.RecordsClient Records => new(channel);

    public V1.Sync.SyncClient Sync => new(channel);

    /// <summary>Every password the scenario sent or revealed (the DC's admin password included).</summary>
    public IReadOnlyCollection<string> Secrets => secrets;

    /// <summary>
    /// Registers the DC as an Active Directory target (<c>POST /v1/targets</c>), reached by its certificate's name;
    /// once per suite (a vault lets only one target answer to a name).
    /// </summary>
    public Task<string> RegisterDirectoryAsync(DomainController dc)
    {
        secrets.Add(dc.AdminPassword);
        return suite.RegisteredTargets.GetOrAdd(dc.Host, _ => new Lazy<Task<string>>(() => CreateTargetAsync(dc))).Value;
    }

    /// <summary>The JSON body of <c>POST /v1/targets</c> for the DC.</summary>
    public static JsonObject TargetJson(DomainController dc) => new()
    {
        ["kind"] = "TARGET_KIND_ACTIVE_DIRECTORY",
        ["names"] = new JsonArray(dc.DomainName, dc.Realm.Split('.')[0]),
        ["endpoints"] = new JsonArray($"{dc.Host}:{dc.Port}"),
        ["caCertificatePem"] = dc.CaPem,
        ["baseDn"] = dc.BaseDn,
        ["privilegedAccount"] = dc.AdminUser,
        ["privilegedPassword"] = dc.AdminPassword,
    };

    private async Task<string> CreateTargetAsync(DomainController dc)
    {
        using var http = suite.Http();
        var target = await JsonApi.PostAsync(http, "/v1/targets", TargetJson(dc));
        Assert.False(target.ToJsonString().Contains(dc.AdminPassword, StringComparison.Ordinal),
            "The created target came back with its privileged password.");
        return (string?)target["id"] ?? throw new InvalidOperationException("The created target has no id.");
    }

    /// <summary>A list ready for synchronisation (<c>POST /v1/lists</c>): User Name, Account Type, "Domain or Host".</summary>
    public async Task<string> CreateReadyListAsync(string name)
    {
        using var http = suite.Http();
        var list = await JsonApi.PostAsync(http, "/v1/lists", new JsonObject
        {
            ["name"] = name,
            ["standardFields"] = new JsonArray("STANDARD_FIELD_TITLE", "STANDARD_FIELD_USER_NAME",
                "STANDARD_FIELD_ACCOUNT_TYPE", "STANDARD_FIELD_NOTES"),
            ["genericFields"] = new JsonArray(new JsonObject { ["key"] = "generic1", ["label"] = "Domain or Host" }),
            ["policy"] = new JsonObject
            {
                ["style"] = "PASSWORD_STYLE_CHARACTERS",
                ["length"] = 24,
                ["useUppercase"] = true,
                ["useLowercase"] = true,
                ["useDigits"] = true,
                ["useSymbols"] = true,
                ["minUppercase"] = 2,
                ["minLowercase"] = 2,
                ["minDigits"] = 2,
                ["minSymbols"] = 1,
            },
            ["preventReuseCount"] = 5,
        });
        var id = (string?)list["id"] ?? throw new InvalidOperationException("The created list has no id.");
        var readiness = await JsonApi.GetAsync(http, $"/v1/lists/{id}/readiness");
        Assert.True((bool?)readiness["ready"] == true, $"The list is not ready for synchronisation: {readiness}");
        return id;
    }

    /// <summary>A record for the account with the password it has in AD (or <paramref name="password"/>).</summary>
    public async Task<Record> AddRecordAsync(string listId, DomainController dc, string userName, string password)
    {
        secrets.Add(password);
        var record = await Records.CreateRecordAsync(new CreateRecordRequest
        {
            ListId = listId,
            Record = new Record
            {
                Title = $"e2e {userName}",
                UserName = userName,
                AccountType = AccountType.Windows,
                GenericFields = { ["generic1"] = dc.DomainName },
                Password = password,
            },
        }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(record.SyncEnabled, $"Record for {userName} is not sync-enabled: {record.SyncDisabledReason}");
        return record;
    }

    /// <summary>One record per account (its current AD password), a few at a time.</summary>
    public async Task<IReadOnlyList<Record>> AddRecordsAsync(string listId, DomainController dc,
        IReadOnlyList<AdAccount> accounts)
    {
        var records = new Record[accounts.Count];
        await Parallel.ForAsync(0, accounts.Count,
            new ParallelOptions { MaxDegreeOfParallelism = RecordWriters, CancellationToken = TestContext.Current.CancellationToken },
            async (i, _) => records[i] = await AddRecordAsync(listId, dc, accounts[i].SamAccountName,
                accounts[i].InitialPassword));
        return records;
    }

    public async Task<Record> GetRecordAsync(string recordId) =>
        await Records.GetRecordAsync(new GetRecordRequest { RecordId = recordId },
            cancellationToken: TestContext.Current.CancellationToken);

    /// <summary>The record's current password (Reveal, audited).</summary>
    public async Task<string> RevealAsync(string recordId)
    {
        var revealed = await Records.RevealPasswordAsync(
            new RevealPasswordRequest { RecordId = recordId, Reason = "end-to-end test: compare with AD" },
            cancellationToken: TestContext.Current.CancellationToken);
        secrets.Add(revealed.Password);
        return revealed.Password;
    }

    public void Remember(string secret) => secrets.Add(secret);

    public void Dispose() => channel.Dispose();
}
