using System.Text;
using Grpc.Core;
using PasswordSync.ServiceDefaults;
using PasswordSync.V1;
using PasswordSync.Vault.V1;
using Record = PasswordSync.Vault.V1.Record;

namespace PasswordSync.Gateway.Tests.Checks;

/// <summary>
/// Checks with a caller-supplied candidate (on a record, and for an account before any record exists) against the real
/// Samba DC: limited per account before any directory call, audited without the candidate, never recorded as the
/// record's sync state, serialised per account, and the candidate never stored or logged anywhere.
/// </summary>
public sealed class CandidatePasswordCheckTests(CheckFixture suite) : IClassFixture<CheckFixture>, IAsyncLifetime
{
    private readonly List<CheckAccount> accounts = [];
    private readonly List<string> candidates = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Candidate_on_a_record_is_checked_audited_and_leaves_the_records_sync_state_alone()
    {
        var account = Create();
        var record = await RecordForAsync(account.Name, CheckDomain.NewPassword());
        candidates.Add(account.Password);

        var result = await suite.Sync(suite.AdminKey).CheckRecordPasswordAsync(new CheckRecordPasswordRequest
        {
            RecordId = record.Id,
            CandidatePassword = account.Password,
        }, cancellationToken: Ct);

        Assert.Equal(CheckStatus.InSync, result.Status);
        Assert.Contains("supplied password", result.Message, StringComparison.Ordinal);
        Assert.Equal(0, CheckDomain.BadPasswordCount(account));
        Assert.Equal(RecordSyncState.Unknown, (await suite.ReadRecordAsync(record.Id)).SyncState);
        var audited = Assert.Single(await suite.AuditAsync("PasswordChecked", record.ListId));
        Assert.Equal(record.Id, audited.RecordId);
        Assert.Equal(suite.TargetId, audited.TargetId);
        Assert.StartsWith("apikey:", audited.Actor, StringComparison.Ordinal);
        Assert.Contains(account.Name, audited.Detail, StringComparison.Ordinal);
        Assert.Contains("InSync", audited.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(account.Password, audited.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Account_and_candidate_before_any_record_exists_are_checked_against_the_directory()
    {
        var account = Create();
        var list = await suite.CreateListAsync();
        await suite.EnsureTargetAsync();
        candidates.Add(account.Password);
        var wrong = CheckDomain.NewPassword();
        candidates.Add(wrong);

        var right = await CheckAccountAsync(list.Id, account.Name, account.Password);
        var rejected = await CheckAccountAsync(list.Id, $"{CheckDomain.Domain}\\{account.Name}", wrong);

        Assert.Equal(CheckStatus.InSync, right.Status);
        Assert.Equal("", right.RecordId);
        Assert.Equal(CheckStatus.Mismatch, rejected.Status);
        Assert.Equal(1, CheckDomain.BadPasswordCount(account));
        Assert.Equal(2, (await suite.AuditAsync("PasswordChecked", list.Id)).Count);
    }

    [Fact]
    public async Task Candidate_checks_beyond_the_per_account_limit_are_refused_before_the_directory_is_asked()
    {
        var account = Create(inLockoutGroup: false);
        var list = await suite.CreateListAsync();
        await suite.EnsureTargetAsync();
        for (var i = 0; i < CheckFixture.CandidateLimit; i++)
        {
            var guess = CheckDomain.NewPassword();
            candidates.Add(guess);
            Assert.Equal(CheckStatus.Mismatch, (await CheckAccountAsync(list.Id, account.Name, guess)).Status);
        }

        // The same account spelt another way shares the budget; the right password would be accepted, but is refused.
        candidates.Add(account.Password);
        var error = await Assert.ThrowsAsync<RpcException>(() => CheckAccountAsync(list.Id,
            $"{account.Name}@{CheckDomain.Realm.ToLowerInvariant()}", account.Password));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal("RATE_LIMITED", error.GetReason());
        Assert.Contains(account.Name, error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(CheckFixture.CandidateLimit, (await suite.AuditAsync("PasswordChecked", list.Id)).Count);
        Assert.Contains(await suite.AuditAsync("OperationFailed", list.Id),
            e => e.Detail.Contains("refused", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_wrong_candidates_at_once_near_the_threshold_are_serialised_and_never_lock_the_account()
    {
        var account = Create();
        CheckDomain.FailBinds(account, CheckDomain.LockoutThreshold - 2);
        var list = await suite.CreateListAsync();
        await suite.EnsureTargetAsync();
        var guesses = new[] { CheckDomain.NewPassword(), CheckDomain.NewPassword() };
        candidates.AddRange(guesses);

        // Unserialised, both would read one failure and both bind: the second failure would lock the account.
        var results = await Task.WhenAll(guesses.Select(guess => CheckAccountAsync(list.Id, account.Name, guess)));

        Assert.Equal([CheckStatus.Mismatch, CheckStatus.SkippedLockoutRisk],
            results.Select(r => r.Status).Order().ToArray());
        Assert.Equal(CheckDomain.LockoutThreshold - 1, CheckDomain.BadPasswordCount(account));
        Assert.False(CheckDomain.IsLockedOut(account));
    }

    [Fact]
    public async Task List_that_is_not_ready_or_a_name_no_target_answers_to_is_failed_precondition_and_nothing_is_tried()
    {
        var account = Create();
        candidates.Add(account.Password);
        var notReady = await suite.CreateListAsync(ready: false);
        var ready = await suite.CreateListAsync();
        await suite.EnsureTargetAsync();

        var notReadyError = await Assert.ThrowsAsync<RpcException>(() =>
            CheckAccountAsync(notReady.Id, account.Name, account.Password));
        var noTargetError = await Assert.ThrowsAsync<RpcException>(() =>
            CheckAccountAsync(ready.Id, account.Name, account.Password, "nowhere.example"));

        Assert.Equal(StatusCode.FailedPrecondition, notReadyError.StatusCode);
        Assert.Contains("Domain or Host", notReadyError.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.FailedPrecondition, noTargetError.StatusCode);
        Assert.Contains("'nowhere.example'", noTargetError.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(await suite.AuditAsync("PasswordChecked", notReady.Id));
        Assert.Empty(await suite.AuditAsync("PasswordChecked", ready.Id));
    }

    [Fact]
    public async Task Bad_input_is_invalid_argument_naming_each_field_and_leaves_no_trace()
    {
        var list = await suite.CreateListAsync();
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            CheckAccountAsync(list.Id, new string('a', 300), "", ""));
        var tooLong = await Assert.ThrowsAsync<RpcException>(() => suite.Sync(suite.AdminKey).CheckRecordPasswordAsync(
            new CheckRecordPasswordRequest { RecordId = "r1", CandidatePassword = new string('p', 1025) },
            cancellationToken: Ct).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["user_name", "domain_or_host", "candidate_password"], error.GetViolatedFields());
        Assert.Equal(["candidate_password"], tooLong.GetViolatedFields());
        Assert.DoesNotContain(new string('p', 20), tooLong.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(await suite.AuditAsync("PasswordChecked", list.Id));
    }

    [Fact]
    public async Task Candidate_check_needs_the_sync_permission_on_the_list()
    {
        var account = Create();
        candidates.Add(account.Password);
        var list = await suite.CreateListAsync();
        var readOnly = await suite.CreateApiKeyAsync("chk-read", [ApiPermission.Read, ApiPermission.Reveal]);

        var error = await Assert.ThrowsAsync<RpcException>(() => suite.Sync(readOnly).CheckAccountPasswordAsync(
            new CheckAccountPasswordRequest
            {
                ListId = list.Id,
                UserName = account.Name,
                DomainOrHost = suite.DomainName,
                CandidatePassword = account.Password,
            }, cancellationToken: Ct).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Empty(await suite.AuditAsync("PasswordChecked", list.Id));
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    /// <summary>No candidate (nor any other password of these tests) reached a log, the vault's database or audit.</summary>
    public async ValueTask DisposeAsync()
    {
        var secrets = CheckDomain.Secrets.Concat(candidates).Where(s => s.Length > 0).Distinct().ToList();
        suite.GatewayLogs.AssertNoneContains(secrets);
        var processOutput = suite.Backends.Vault.Output + suite.Backends.DirectorySync.Output;
        var database = ReadDatabaseFiles();
        var audit = string.Join("\n", (await suite.Audit.QueryAuditAsync(new Vault.V1.QueryAuditRequest { PageSize = 1000 },
                cancellationToken: TestContext.Current.CancellationToken))
            .Events.Select(e => e.Detail));
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, processOutput, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, audit, StringComparison.Ordinal);
            Assert.False(Contains(database, Encoding.UTF8.GetBytes(secret)), "A password reached the vault database in plain text.");
            Assert.False(Contains(database, Encoding.Unicode.GetBytes(secret)), "A password reached the vault database in plain text.");
        }

        foreach (var account in accounts)
        {
            CheckDomain.Delete(account);
        }
    }

    private byte[] ReadDatabaseFiles()
    {
        var folder = Path.GetDirectoryName(suite.Backends.VaultDatabasePath)!;
        return System.IO.Directory.GetFiles(folder, "vault.db*").SelectMany(path =>
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }).ToArray();
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    private CheckAccount Create(bool inLockoutGroup = true)
    {
        var account = CheckDomain.CreateUser(inLockoutGroup: inLockoutGroup);
        accounts.Add(account);
        return account;
    }

    private async Task<Record> RecordForAsync(string userName, string password)
    {
        var list = await suite.CreateListAsync();
        return await suite.CreateRecordAsync(list.Id, userName, password);
    }

    private async Task<CheckResult> CheckAccountAsync(string listId, string userName, string candidate,
        string? domainOrHost = null) =>
        await suite.Sync(suite.AdminKey).CheckAccountPasswordAsync(new CheckAccountPasswordRequest
        {
            ListId = listId,
            UserName = userName,
            DomainOrHost = domainOrHost ?? suite.DomainName,
            CandidatePassword = candidate,
        }, cancellationToken: Ct);
}
