using PasswordSync.Common.V1;
using PasswordSync.Gateway.Tests.Jobs.Support;
using PasswordSync.V1;
using PasswordSync.Vault.V1;
using Record = PasswordSync.Vault.V1.Record;

namespace PasswordSync.Gateway.Tests.Checks;

/// <summary>
/// Checking stored passwords against the real OpenLDAP slapd (ppolicy: 3 failures lock, pwdMustChange): the same
/// lockout-safe promises as against AD, each asserting how many failed binds slapd recorded (pwdFailureTime).
/// </summary>
public sealed class OpenLdapCheckTests(CheckFixture suite) : IClassFixture<CheckFixture>, IAsyncLifetime
{
    private const int MaxFailure = 3; // tests/servers/slapd-base.ldif.template, the default policy

    private readonly List<string> uids = [];
    private readonly string targetName = "chkldap-" + Guid.NewGuid().ToString("N")[..8] + ".pwsync.test";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stored_password_slapd_accepts_is_in_sync_and_its_pwdChangedTime_is_stored()
    {
        var (uid, password) = Create();
        var record = await RecordForAsync(uid, password);

        var result = await CheckAsync(record.Id);

        Assert.Equal(CheckStatus.InSync, result.Status);
        Assert.Equal(0, SlapdCheckAccounts.FailureCount(uid));
        Assert.Equal(RecordSyncState.InSync, (await suite.ReadRecordAsync(record.Id)).SyncState);
        var material = await suite.SyncMaterial.GetSyncMaterialAsync(new GetSyncMaterialRequest { RecordId = record.Id },
            cancellationToken: Ct);
        var stamp = SlapdCheckAccounts.PasswordChangedTime(uid);
        Assert.False(string.IsNullOrEmpty(stamp), "the owner's own change left no pwdChangedTime");
        Assert.Equal(stamp, material.DirectoryPasswordLastSet);
    }

    [Fact]
    public async Task Wrong_stored_password_is_a_mismatch_after_exactly_one_failed_bind()
    {
        var (uid, _) = Create();
        var record = await RecordForAsync(uid, SlapdAccounts.NewPassword());

        var result = await CheckAsync(record.Id);

        Assert.Equal(CheckStatus.Mismatch, result.Status);
        Assert.Equal(1, SlapdCheckAccounts.FailureCount(uid));
        Assert.Equal(RecordSyncState.OutOfSync, (await suite.ReadRecordAsync(record.Id)).SyncState);
    }

    [Fact]
    public async Task One_failure_short_of_the_lock_skips_the_bind_and_adds_no_failure()
    {
        var (uid, _) = Create();
        SlapdCheckAccounts.FailBinds(uid, MaxFailure - 1);
        var record = await RecordForAsync(uid, SlapdAccounts.NewPassword());

        var result = await CheckAsync(record.Id);

        Assert.Equal(CheckStatus.SkippedLockoutRisk, result.Status);
        Assert.Equal(MaxFailure - 1, SlapdCheckAccounts.FailureCount(uid));
        Assert.False(SlapdCheckAccounts.IsLocked(uid));
    }

    [Fact]
    public async Task Locked_account_is_reported_without_a_bind()
    {
        var (uid, password) = Create();
        SlapdCheckAccounts.Lock(uid);
        var record = await RecordForAsync(uid, password);

        var result = await CheckAsync(record.Id);

        Assert.Equal(CheckStatus.LockedOut, result.Status);
        Assert.Equal(0, SlapdCheckAccounts.FailureCount(uid));
    }

    [Fact]
    public async Task Correct_password_under_pwdReset_is_must_change()
    {
        var (uid, password) = Create();
        SlapdCheckAccounts.RequireChange(uid);
        var record = await RecordForAsync(uid, password);

        var result = await CheckAsync(record.Id);

        Assert.Equal(CheckStatus.MustChange, result.Status);
        Assert.Equal(0, SlapdCheckAccounts.FailureCount(uid));
    }

    [Fact]
    public async Task Password_set_behind_PasswordSyncs_back_is_changed_outside_without_a_bind()
    {
        var (uid, password) = Create();
        var record = await RecordForAsync(uid, password);
        Assert.Equal(CheckStatus.InSync, (await CheckAsync(record.Id)).Status);
        var verifiedStamp = SlapdCheckAccounts.PasswordChangedTime(uid);

        // pwdChangedTime has one-second resolution: let a second pass so the outside change gets a new stamp.
        await Task.Delay(TimeSpan.FromSeconds(1.2), Ct);
        SlapdCheckAccounts.SetPasswordOutside(uid, SlapdAccounts.NewPassword());
        Assert.NotEqual(verifiedStamp, SlapdCheckAccounts.PasswordChangedTime(uid));

        var result = await CheckAsync(record.Id);

        Assert.Equal(CheckStatus.ChangedOutside, result.Status);
        Assert.Equal(0, SlapdCheckAccounts.FailureCount(uid));
        Assert.Equal(RecordSyncState.OutOfSync, (await suite.ReadRecordAsync(record.Id)).SyncState);
    }

    [Fact]
    public async Task Unknown_uid_is_reported_not_found()
    {
        var record = await RecordForAsync("nobody" + Guid.NewGuid().ToString("N")[..10], SlapdAccounts.NewPassword());

        var result = await CheckAsync(record.Id);

        Assert.Equal(CheckStatus.AccountNotFound, result.Status);
    }

    public async ValueTask InitializeAsync() =>
        await suite.Targets.CreateTargetAsync(new Vault.V1.CreateTargetRequest { Target = SlapdTarget.Spec(targetName) },
            cancellationToken: Ct);

    public ValueTask DisposeAsync()
    {
        SlapdAccounts.Delete(uids);
        return ValueTask.CompletedTask;
    }

    private (string Uid, string Password) Create()
    {
        var (uid, password) = SlapdCheckAccounts.CreateSelfSet();
        uids.Add(uid);
        return (uid, password);
    }

    private async Task<Record> RecordForAsync(string uid, string password)
    {
        var list = await suite.CreateListAsync();
        return await suite.CreateRecordAsync(list.Id, uid, password, AccountType.Ldap, targetName);
    }

    private async Task<CheckResult> CheckAsync(string recordId) =>
        await suite.Sync(suite.AdminKey).CheckRecordPasswordAsync(new CheckRecordPasswordRequest { RecordId = recordId },
            cancellationToken: Ct);
}
