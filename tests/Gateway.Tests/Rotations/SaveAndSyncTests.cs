using Grpc.Core;
using PasswordSync.ServiceDefaults;
using PasswordSync.V1;
using RecordSyncState = PasswordSync.Vault.V1.RecordSyncState;

namespace PasswordSync.Gateway.Tests.Rotations;

/// <summary>
/// Save and sync and rotate against the real Samba AD DC: what AD holds is proven by an independent LDAP bind as the
/// account, what the vault holds by revealing it.
/// </summary>
public sealed class SaveAndSyncTests(RotationFixture fixture) : IClassFixture<RotationFixture>
{
    private static readonly string[] VersionAndRequestId = ["version", "request_id"];

    private SyncWorld World => fixture.World;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_given_password_is_set_in_AD_verified_and_becomes_current_with_the_old_one_in_history()
    {
        var old = RotationDomain.NewPassword();
        var user = RotationDomain.CreateUser(old);
        var record = await World.Vault.CreateRecordAsync(World.List, user.Name, old);
        var fresh = RotationDomain.NewPassword();

        var outcome = await World.Sync().SaveAndSyncAsync(new SaveAndSyncRequest
        {
            RecordId = record.Id,
            Version = record.Version,
            NewPassword = fresh,
        }, cancellationToken: Token);

        Assert.True(outcome.VaultUpdated, outcome.Message);
        Assert.True(outcome.DirectoryUpdated, outcome.Message);
        Assert.True(outcome.Verified, "verify_after_set unset must mean true: " + outcome.Message);
        Assert.NotEmpty(outcome.Server);
        Assert.True(RotationDomain.CanBind(user, fresh), "AD does not accept the new password.");
        Assert.Equal(fresh, await World.Vault.RevealAsync(record.Id));
        Assert.Equal(new[] { old }, await World.Vault.RevealHistoryAsync(record.Id));
        var after = await World.Vault.GetAsync(record.Id);
        Assert.Null(after.PendingRotation);
        Assert.Equal(RecordSyncState.InSync, after.SyncState);
        Assert.Equal(after.Version, outcome.Version);
        World.Logs.AssertNoneContains([old, fresh]);
        Assert.DoesNotContain(fresh, World.AllLogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotate_generates_a_password_from_the_list_policy_sets_it_in_AD_and_stores_it()
    {
        var old = RotationDomain.NewPassword();
        var user = RotationDomain.CreateUser(old);
        var record = await World.Vault.CreateRecordAsync(World.List, user.Name, old);

        var outcome = await World.Sync().RotateAsync(new RotateRequest { RecordId = record.Id, Version = record.Version },
            cancellationToken: Token);

        Assert.True(outcome.VaultUpdated && outcome.DirectoryUpdated && outcome.Verified, outcome.Message);
        var generated = await World.Vault.RevealAsync(record.Id);
        Assert.NotEqual(old, generated);
        Assert.Equal(20, generated.Length); // the default list policy: 20 characters
        Assert.True(RotationDomain.CanBind(user, generated), "AD does not accept the generated password.");
        Assert.Equal(new[] { old }, await World.Vault.RevealHistoryAsync(record.Id));
        Assert.DoesNotContain(generated, World.AllLogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_password_AD_policy_refuses_is_aborted_with_PASSWORD_POLICY_and_nothing_changes()
    {
        var old = RotationDomain.NewPassword();
        var user = RotationDomain.CreateUser(old);
        var record = await World.Vault.CreateRecordAsync(World.List, user.Name, old);
        var pwdLastSet = RotationDomain.Read(user, "pwdLastSet");

        var outcome = await World.Sync().SaveAndSyncAsync(new SaveAndSyncRequest
        {
            RecordId = record.Id,
            Version = record.Version,
            NewPassword = "Ab1!", // shorter than the domain's 7 characters
        }, cancellationToken: Token);

        Assert.False(outcome.VaultUpdated);
        Assert.False(outcome.DirectoryUpdated);
        Assert.Equal("PASSWORD_POLICY", outcome.ReasonCode);
        Assert.Contains("refused", outcome.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(old, await World.Vault.RevealAsync(record.Id));
        Assert.Empty(await World.Vault.RevealHistoryAsync(record.Id));
        var after = await World.Vault.GetAsync(record.Id);
        Assert.Null(after.PendingRotation);
        Assert.StartsWith("PASSWORD_POLICY", after.SyncReason, StringComparison.Ordinal);
        Assert.Equal(pwdLastSet, RotationDomain.Read(user, "pwdLastSet"));
        Assert.True(RotationDomain.CanBind(user, old));
    }

    [Fact]
    public async Task Save_and_sync_is_refused_while_the_record_has_a_pending_rotation_and_nothing_changes()
    {
        var old = RotationDomain.NewPassword();
        var user = RotationDomain.CreateUser(old);
        var record = await World.Vault.CreateRecordAsync(World.List, user.Name, old);
        var inFlight = RotationDomain.NewPassword();
        await World.Vault.BeginAbandonedRotationAsync(record.Id, inFlight, TimeSpan.FromMinutes(10));
        var pending = await World.Vault.GetAsync(record.Id);
        var second = RotationDomain.NewPassword();

        var error = await Assert.ThrowsAsync<RpcException>(() => World.Sync().SaveAndSyncAsync(new SaveAndSyncRequest
        {
            RecordId = record.Id,
            Version = pending.Version,
            NewPassword = second,
        }, cancellationToken: Token).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("ROTATION_PENDING", error.GetReason());
        Assert.Contains("in progress", error.Status.Detail, StringComparison.Ordinal);
        Assert.False(RotationDomain.CanBind(user, second));
        Assert.Equal(old, await World.Vault.RevealAsync(record.Id));
        Assert.Equal(inFlight, await World.Vault.PendingPasswordAsync(record.Id));
    }

    [Fact]
    public async Task Two_concurrent_save_and_syncs_never_interleave_one_commits_and_the_other_is_refused()
    {
        var old = RotationDomain.NewPassword();
        var user = RotationDomain.CreateUser(old);
        var record = await World.Vault.CreateRecordAsync(World.List, user.Name, old);
        var passwords = new[] { RotationDomain.NewPassword(), RotationDomain.NewPassword() };

        var calls = passwords.Select(async password =>
        {
            try
            {
                return (Password: password, Outcome: (SyncOutcome?)await World.Sync().SaveAndSyncAsync(
                    new SaveAndSyncRequest { RecordId = record.Id, Version = record.Version, NewPassword = password },
                    cancellationToken: Token), Error: (RpcException?)null);
            }
            catch (RpcException e)
            {
                return (Password: password, Outcome: null, Error: e);
            }
        }).ToList();
        var results = await Task.WhenAll(calls);

        var winner = Assert.Single(results, r => r.Outcome is { VaultUpdated: true });
        var loser = Assert.Single(results, r => r.Error is not null);
        Assert.True(loser.Error!.StatusCode is StatusCode.Aborted or StatusCode.FailedPrecondition,
            $"refused with {loser.Error.StatusCode}");
        Assert.Equal(winner.Password, await World.Vault.RevealAsync(record.Id));
        Assert.True(RotationDomain.CanBind(user, winner.Password));
        Assert.False(RotationDomain.CanBind(user, loser.Password));
        Assert.Equal(new[] { old }, await World.Vault.RevealHistoryAsync(record.Id));
    }

    [Fact]
    public async Task A_retry_with_the_same_request_id_returns_the_first_outcome_and_changes_nothing_again()
    {
        var old = RotationDomain.NewPassword();
        var user = RotationDomain.CreateUser(old);
        var record = await World.Vault.CreateRecordAsync(World.List, user.Name, old);
        var request = new RotateRequest { RecordId = record.Id, Version = record.Version, RequestId = "rot-retry-" + Guid.NewGuid().ToString("N") };

        var first = await World.Sync().RotateAsync(request, cancellationToken: Token);
        var generated = await World.Vault.RevealAsync(record.Id);
        var retry = await World.Sync().RotateAsync(request, cancellationToken: Token);

        Assert.True(first.VaultUpdated, first.Message);
        Assert.True(retry.VaultUpdated && retry.DirectoryUpdated, retry.Message);
        Assert.Contains("already used", retry.Message, StringComparison.Ordinal);
        Assert.Equal(generated, await World.Vault.RevealAsync(record.Id));
        Assert.Equal(new[] { old }, await World.Vault.RevealHistoryAsync(record.Id));
        Assert.True(RotationDomain.CanBind(user, generated));
        Assert.Equal((await World.Vault.GetAsync(record.Id)).Version, retry.Version);
    }

    [Fact]
    public async Task Verify_after_set_false_commits_on_the_directory_word_without_a_bind()
    {
        var old = RotationDomain.NewPassword();
        var user = RotationDomain.CreateUser(old);
        var record = await World.Vault.CreateRecordAsync(World.List, user.Name, old);
        var fresh = RotationDomain.NewPassword();

        var outcome = await World.Sync().SaveAndSyncAsync(new SaveAndSyncRequest
        {
            RecordId = record.Id,
            Version = record.Version,
            NewPassword = fresh,
            VerifyAfterSet = false,
        }, cancellationToken: Token);

        Assert.True(outcome.VaultUpdated && outcome.DirectoryUpdated, outcome.Message);
        Assert.False(outcome.Verified);
        Assert.True(RotationDomain.CanBind(user, fresh));
    }

    [Fact]
    public async Task A_record_that_is_not_sync_enabled_is_refused_with_the_reason()
    {
        var record = await World.Vault.CreateRecordAsync(World.List, "rot-web-account", RotationDomain.NewPassword(),
            Common.V1.AccountType.Web);

        var error = await Assert.ThrowsAsync<RpcException>(() => World.Sync().RotateAsync(
            new RotateRequest { RecordId = record.Id, Version = record.Version }, cancellationToken: Token).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("not sync-enabled", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("Web", error.Status.Detail, StringComparison.Ordinal);
        Assert.Null((await World.Vault.GetAsync(record.Id)).PendingRotation);
    }

    [Fact]
    public async Task Bad_requests_are_refused_naming_the_fields_and_leave_no_trace()
    {
        var old = RotationDomain.NewPassword();
        var user = RotationDomain.CreateUser(old);
        var record = await World.Vault.CreateRecordAsync(World.List, user.Name, old);

        var invalid = await Assert.ThrowsAsync<RpcException>(() => World.Sync().SaveAndSyncAsync(new SaveAndSyncRequest
        {
            RecordId = record.Id,
            NewPassword = RotationDomain.NewPassword(),
            RequestId = "not valid!",
        }, cancellationToken: Token).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => World.Sync().RotateAsync(
            new RotateRequest { RecordId = "no-such-record", Version = 1 }, cancellationToken: Token).ResponseAsync);
        var stale = await Assert.ThrowsAsync<RpcException>(() => World.Sync().RotateAsync(
            new RotateRequest { RecordId = record.Id, Version = record.Version + 5 }, cancellationToken: Token).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.Equal(VersionAndRequestId, invalid.GetViolatedFields());
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);
        var after = await World.Vault.GetAsync(record.Id);
        Assert.Equal(record.Version, after.Version);
        Assert.Null(after.PendingRotation);
        Assert.Equal(old, await World.Vault.RevealAsync(record.Id));
    }

    [Fact]
    public async Task A_key_without_the_sync_permission_is_refused_before_anything_happens()
    {
        var old = RotationDomain.NewPassword();
        var user = RotationDomain.CreateUser(old);
        var record = await World.Vault.CreateRecordAsync(World.List, user.Name, old);
        var readOnly = await World.CreateKeyAsync("rot-reader", [Vault.V1.ApiPermission.Read]);

        var error = await Assert.ThrowsAsync<RpcException>(() => World.Sync(readOnly).RotateAsync(
            new RotateRequest { RecordId = record.Id, Version = record.Version }, cancellationToken: Token).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal(old, await World.Vault.RevealAsync(record.Id));
    }
}
