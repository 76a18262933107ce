using Grpc.Core;
using PasswordSync.Common.V1;
using PasswordSync.ServiceDefaults;
using PasswordSync.V1;
using PasswordSync.Vault.V1;
using Record = PasswordSync.Vault.V1.Record;

namespace PasswordSync.Gateway.Tests.Checks;

/// <summary>
/// Checking a record's stored password against the real Samba DC: every outcome, each asserting the account's
/// failed-logon counter (a check must never add a failure it can avoid) and what the vault recorded.
/// </summary>
public sealed class StoredPasswordCheckTests(CheckFixture suite) : IClassFixture<CheckFixture>, IAsyncLifetime
{
    private readonly List<CheckAccount> accounts = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stored_password_the_directory_accepts_is_in_sync_and_its_password_last_set_is_stored()
    {
        var account = Create();
        var record = await RecordForAsync(account.Name, account.Password);

        var result = await CheckAsync(record.Id);

        Assert.Equal(CheckStatus.InSync, result.Status);
        Assert.Equal(record.Id, result.RecordId);
        Assert.Equal($"{CheckDomain.Host}:{CheckDomain.Port}", result.Server);
        Assert.NotNull(result.CheckTime);
        Assert.Equal(0, CheckDomain.BadPasswordCount(account));
        var stored = await suite.ReadRecordAsync(record.Id);
        Assert.Equal(RecordSyncState.InSync, stored.SyncState);
        var material = await suite.SyncMaterial.GetSyncMaterialAsync(new GetSyncMaterialRequest { RecordId = record.Id },
            cancellationToken: Ct);
        Assert.Equal(CheckDomain.PasswordLastSet(account), material.DirectoryPasswordLastSet);
    }

    [Fact]
    public async Task Wrong_stored_password_is_a_mismatch_after_exactly_one_failed_bind()
    {
        var account = Create();
        var record = await RecordForAsync(account.Name, CheckDomain.NewPassword());

        var result = await CheckAsync(record.Id);

        Assert.Equal(CheckStatus.Mismatch, result.Status);
        Assert.Equal("INVALID_CREDENTIALS", result.ReasonCode);
        Assert.Equal(1, CheckDomain.BadPasswordCount(account));
        var stored = await suite.ReadRecordAsync(record.Id);
        Assert.Equal(RecordSyncState.OutOfSync, stored.SyncState);
        Assert.Contains("rejected", stored.SyncReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_account_is_reported_not_found()
    {
        var name = CheckDomain.NewName();
        var record = await RecordForAsync(name, CheckDomain.NewPassword());

        var result = await CheckAsync(record.Id);

        Assert.Equal(CheckStatus.AccountNotFound, result.Status);
        Assert.Equal("ACCOUNT_NOT_FOUND", result.ReasonCode);
        Assert.Contains(name, result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disabled_account_is_reported_without_a_bind()
    {
        var account = Create(enabled: false);
        var record = await RecordForAsync(account.Name, CheckDomain.NewPassword());

        var result = await CheckAsync(record.Id);

        Assert.Equal(CheckStatus.Disabled, result.Status);
        Assert.Contains("no password was tried", result.Message, StringComparison.Ordinal);
        Assert.Equal(0, CheckDomain.BadPasswordCount(account));
        Assert.Equal(RecordSyncState.Unknown, (await suite.ReadRecordAsync(record.Id)).SyncState);
    }

    [Fact]
    public async Task Locked_out_account_is_reported_without_a_bind()
    {
        var account = Create();
        CheckDomain.FailBinds(account, CheckDomain.LockoutThreshold);
        Assert.True(CheckDomain.IsLockedOut(account));
        var record = await RecordForAsync(account.Name, account.Password);
        var before = CheckDomain.BadPasswordCount(account);

        var result = await CheckAsync(record.Id);

        Assert.Equal(CheckStatus.LockedOut, result.Status);
        Assert.Equal("ACCOUNT_LOCKED", result.ReasonCode);
        Assert.Equal(before, CheckDomain.BadPasswordCount(account));
    }

    [Fact]
    public async Task Correct_password_that_must_be_changed_is_must_change()
    {
        var account = Create(mustChange: true);
        Assert.Equal("0", CheckDomain.PasswordLastSet(account));
        var record = await RecordForAsync(account.Name, account.Password);

        var result = await CheckAsync(record.Id);

        Assert.Equal(CheckStatus.MustChange, result.Status);
        Assert.Equal("MUST_CHANGE_PASSWORD", result.ReasonCode);
        Assert.Equal(0, CheckDomain.BadPasswordCount(account));
        // The password is right: the vault agrees with the directory.
        Assert.Equal(RecordSyncState.InSync, (await suite.ReadRecordAsync(record.Id)).SyncState);
    }

    [Fact]
    public async Task One_failure_short_of_the_threshold_skips_the_bind_and_leaves_the_counter_alone()
    {
        var account = Create();
        CheckDomain.FailBinds(account, CheckDomain.LockoutThreshold - 1);
        var record = await RecordForAsync(account.Name, CheckDomain.NewPassword());

        var result = await CheckAsync(record.Id);

        Assert.Equal(CheckStatus.SkippedLockoutRisk, result.Status);
        Assert.Equal("LOCKOUT_RISK", result.ReasonCode);
        Assert.Contains("No password was tried", result.Message, StringComparison.Ordinal);
        Assert.Equal(CheckDomain.LockoutThreshold - 1, CheckDomain.BadPasswordCount(account));
        Assert.False(CheckDomain.IsLockedOut(account));
    }

    [Fact]
    public async Task Password_reset_behind_PasswordSyncs_back_after_a_verified_sync_is_changed_outside_without_a_bind()
    {
        var account = Create();
        var record = await RecordForAsync(account.Name, account.Password);
        Assert.Equal(CheckStatus.InSync, (await CheckAsync(record.Id)).Status);
        var stampAtSync = CheckDomain.PasswordLastSet(account);

        CheckDomain.ResetBehindTheBack(account);
        var result = await CheckAsync(record.Id);

        // A bind would even have "succeeded": AD accepts the previous password for a while after a reset.
        Assert.Equal(CheckStatus.ChangedOutside, result.Status);
        Assert.Equal("CHANGED_OUTSIDE", result.ReasonCode);
        Assert.Contains(stampAtSync!, result.Message, StringComparison.Ordinal);
        Assert.Equal(0, CheckDomain.BadPasswordCount(account));
        var stored = await suite.ReadRecordAsync(record.Id);
        Assert.Equal(RecordSyncState.OutOfSync, stored.SyncState);
        Assert.StartsWith("CHANGED_OUTSIDE", stored.SyncReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Record_whose_account_type_cannot_be_synchronised_is_not_sync_enabled_and_nothing_is_asked()
    {
        var list = await suite.CreateListAsync();
        var record = await suite.CreateRecordAsync(list.Id, CheckDomain.NewName(), CheckDomain.NewPassword(),
            AccountType.Web);

        var result = await CheckAsync(record.Id);

        Assert.Equal(CheckStatus.NotSyncEnabled, result.Status);
        Assert.Contains("is not synchronised", result.Message, StringComparison.Ordinal);
        Assert.Equal(RecordSyncState.Unknown, (await suite.ReadRecordAsync(record.Id)).SyncState);
    }

    [Fact]
    public async Task Unknown_record_is_not_found_and_a_key_without_sync_is_denied()
    {
        var unknown = await Assert.ThrowsAsync<RpcException>(() => suite.Sync(suite.AdminKey).CheckRecordPasswordAsync(
            new CheckRecordPasswordRequest { RecordId = "no-such-record" }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);

        var account = Create();
        var record = await RecordForAsync(account.Name, CheckDomain.NewPassword());
        var readOnly = await suite.CreateApiKeyAsync("chk-read", [ApiPermission.Read]);
        var otherList = await suite.CreateApiKeyAsync("chk-other", [ApiPermission.Sync],
            [(await suite.CreateListAsync()).Id]);
        foreach (var key in new[] { readOnly, otherList })
        {
            var denied = await Assert.ThrowsAsync<RpcException>(() => suite.Sync(key).CheckRecordPasswordAsync(
                new CheckRecordPasswordRequest { RecordId = record.Id }, cancellationToken: Ct).ResponseAsync);
            Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        }

        // Refused before the directory was asked: no failed logon, nothing recorded.
        Assert.Equal(0, CheckDomain.BadPasswordCount(account));
        Assert.Equal(RecordSyncState.Unknown, (await suite.ReadRecordAsync(record.Id)).SyncState);
    }

    [Fact]
    public async Task Malformed_record_id_is_invalid_argument_naming_the_field()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => suite.Sync(suite.AdminKey).CheckRecordPasswordAsync(
            new CheckRecordPasswordRequest { RecordId = "../etc/passwd" }, cancellationToken: Ct).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["record_id"], error.GetViolatedFields());
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        suite.GatewayLogs.AssertNoneContains(CheckDomain.Secrets);
        foreach (var account in accounts)
        {
            CheckDomain.Delete(account);
        }

        return ValueTask.CompletedTask;
    }

    private CheckAccount Create(bool enabled = true, bool mustChange = false)
    {
        var account = CheckDomain.CreateUser(enabled: enabled, mustChange: mustChange);
        accounts.Add(account);
        return account;
    }

    private async Task<Record> RecordForAsync(string userName, string password)
    {
        var list = await suite.CreateListAsync();
        return await suite.CreateRecordAsync(list.Id, userName, password);
    }

    private async Task<CheckResult> CheckAsync(string recordId) =>
        await suite.Sync(suite.AdminKey).CheckRecordPasswordAsync(new CheckRecordPasswordRequest { RecordId = recordId },
            cancellationToken: Ct);
}
