using System.Globalization;
using PasswordSync.Gateway.Reconciliation;
using PasswordSync.Gateway.Sync;
using PasswordSync.Gateway.Tests.Harness;
using PasswordSync.Gateway.Tests.Rotations;
using RecordSyncState = PasswordSync.Vault.V1.RecordSyncState;

namespace PasswordSync.Gateway.Tests.Reconciliation;

/// <summary>
/// Pending rotations left behind by a gateway that died, settled by evidence against the real Samba DC (default
/// 60-minute old-password window: that is why the pending password is tried first). The background reconciler of
/// this class's gateway is off so each test drives <see cref="IPendingRotationResolver"/> itself; one test runs the
/// background service of a second gateway.
/// </summary>
public sealed class PendingRotationReconcilerTests(PendingRotationReconcilerTests.Fixture fixture)
    : IClassFixture<PendingRotationReconcilerTests.Fixture>
{
    private static readonly TimeSpan ShortLease = TimeSpan.FromSeconds(1);

    private SyncWorld World => fixture.World;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private IPendingRotationResolver Resolver => World.Service<IPendingRotationResolver>();

    [Fact]
    public async Task A_pending_password_that_reached_AD_is_committed()
    {
        var (user, record, current) = await AccountWithRecordAsync();
        var pending = RotationDomain.NewPassword();
        var rotationId = await World.Vault.BeginAbandonedRotationAsync(record.Id, pending, ShortLease);
        RotationDomain.Reset(user, pending); // the apply landed, then the gateway died before its commit
        await LeaseExpiryAsync();

        var resolution = await Resolver.ResolveAsync(record.Id, Token);

        Assert.Equal(PendingOutcome.Committed, resolution.Outcome);
        Assert.Equal(rotationId, resolution.RotationId);
        Assert.Equal(pending, await World.Vault.RevealAsync(record.Id));
        Assert.Equal(new[] { current }, await World.Vault.RevealHistoryAsync(record.Id));
        var after = await World.Vault.GetAsync(record.Id);
        Assert.Null(after.PendingRotation);
        Assert.Equal(RecordSyncState.InSync, after.SyncState);
        Assert.DoesNotContain(pending, World.AllLogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pending_password_that_never_reached_AD_is_dropped_once_the_current_one_is_proven()
    {
        var (user, record, current) = await AccountWithRecordAsync();
        var pending = RotationDomain.NewPassword();
        await World.Vault.BeginAbandonedRotationAsync(record.Id, pending, ShortLease); // died before the apply
        await LeaseExpiryAsync();

        var resolution = await Resolver.ResolveAsync(record.Id, Token);

        Assert.Equal(PendingOutcome.Aborted, resolution.Outcome);
        Assert.Equal(current, await World.Vault.RevealAsync(record.Id));
        var after = await World.Vault.GetAsync(record.Id);
        Assert.Null(after.PendingRotation);
        Assert.StartsWith("RECONCILED", after.SyncReason, StringComparison.Ordinal);
        Assert.True(RotationDomain.CanBind(user, current));
    }

    [Fact]
    public async Task When_AD_accepts_neither_password_the_record_is_out_of_sync_and_both_are_kept()
    {
        var (user, record, current) = await AccountWithRecordAsync();
        var pending = RotationDomain.NewPassword();
        await World.Vault.BeginAbandonedRotationAsync(record.Id, pending, ShortLease);
        // Changed outside PasswordSync, twice, so the current password is out of AD's old-password window too.
        RotationDomain.Reset(user, RotationDomain.NewPassword());
        RotationDomain.Reset(user, RotationDomain.NewPassword());
        await LeaseExpiryAsync();

        var resolution = await Resolver.ResolveAsync(record.Id, Token);

        Assert.Equal(PendingOutcome.OutOfSync, resolution.Outcome);
        var after = await World.Vault.GetAsync(record.Id);
        Assert.Equal(RecordSyncState.OutOfSync, after.SyncState);
        Assert.Contains("neither", after.SyncReason, StringComparison.Ordinal);
        Assert.NotNull(after.PendingRotation);
        Assert.True(after.PendingRotation.LeaseExpireTime.ToDateTimeOffset() > DateTimeOffset.UtcNow,
            "the rotation must wait before it is claimed again");
        Assert.Equal(current, await World.Vault.RevealAsync(record.Id));
        Assert.Equal(pending, await World.Vault.PendingPasswordAsync(record.Id));
    }

    [Fact]
    public async Task No_bind_is_made_when_one_more_failure_could_lock_the_account()
    {
        var current = RotationDomain.NewPassword();
        var user = RotationDomain.CreateUser(current, inLockoutGroup: true);
        var record = await World.Vault.CreateRecordAsync(World.List, user.Name, current);
        for (var i = 0; i < RotationDomain.LockoutThreshold - 1; i++)
        {
            Assert.False(RotationDomain.CanBind(user, "Wrong-" + RotationDomain.NewPassword()));
        }

        var badBefore = RotationDomain.Read(user, "badPwdCount");
        Assert.Equal((RotationDomain.LockoutThreshold - 1).ToString(CultureInfo.InvariantCulture), badBefore);
        var pending = RotationDomain.NewPassword();
        await World.Vault.BeginAbandonedRotationAsync(record.Id, pending, ShortLease);
        await LeaseExpiryAsync();

        var resolution = await Resolver.ResolveAsync(record.Id, Token);

        Assert.Equal(PendingOutcome.OutOfSync, resolution.Outcome);
        Assert.Equal(badBefore, RotationDomain.Read(user, "badPwdCount"));
        Assert.Null(RotationDomain.Read(user, "lockoutTime") is { } t && t != "0" ? t : null);
        var after = await World.Vault.GetAsync(record.Id);
        Assert.StartsWith("LOCKOUT_RISK", after.SyncReason, StringComparison.Ordinal);
        Assert.Equal(pending, await World.Vault.PendingPasswordAsync(record.Id));
        Assert.Equal(current, await World.Vault.RevealAsync(record.Id));
    }

    [Fact]
    public async Task A_rotation_whose_lease_still_runs_is_not_claimed_and_nothing_changes()
    {
        var (_, record, current) = await AccountWithRecordAsync();
        var pending = RotationDomain.NewPassword();
        await World.Vault.BeginAbandonedRotationAsync(record.Id, pending, TimeSpan.FromMinutes(10));
        var before = await World.Vault.GetAsync(record.Id);

        var resolution = await Resolver.ResolveAsync(record.Id, Token);

        Assert.Equal(PendingOutcome.NotClaimable, resolution.Outcome);
        Assert.Equal(before.Version, (await World.Vault.GetAsync(record.Id)).Version);
        Assert.Equal(pending, await World.Vault.PendingPasswordAsync(record.Id));
        Assert.Equal(current, await World.Vault.RevealAsync(record.Id));
    }

    [Fact]
    public async Task A_restarted_gateway_settles_expired_rotations_in_the_background()
    {
        var (user, record, _) = await AccountWithRecordAsync();
        var pending = RotationDomain.NewPassword();
        await World.Vault.BeginAbandonedRotationAsync(record.Id, pending, ShortLease);
        RotationDomain.Reset(user, pending);
        await LeaseExpiryAsync();

        await using var restarted = await SyncWorld.StartAsync(new Dictionary<string, string>
        {
            ["Gateway:Reconciliation:Interval"] = "00:00:01",
            ["Gateway:Sync:RotationLease"] = "00:00:30",
            ["Gateway:Sync:ApplyDeadline"] = "00:00:10",
        }, sharedBackends: World.Backends, registerDomain: false);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while ((await World.Vault.GetAsync(record.Id)).PendingRotation is not null && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(500, Token);
        }

        Assert.Null((await World.Vault.GetAsync(record.Id)).PendingRotation);
        Assert.Equal(pending, await World.Vault.RevealAsync(record.Id));
        Assert.Contains(restarted.Logs.Entries, e => e.EventId == 4201);
        restarted.Logs.AssertNoneContains([pending]);
    }

    [Fact]
    public async Task Start_up_is_refused_when_the_lease_is_not_comfortably_longer_than_the_apply_deadline()
    {
        await using var gateway = new InProcessGateway(World.Backends, new Dictionary<string, string>
        {
            ["Gateway:Sync:RotationLease"] = "00:00:30",
            ["Gateway:Sync:ApplyDeadline"] = "00:00:20",
        });

        var error = Assert.ThrowsAny<Exception>(() => gateway.Server);

        var text = error.ToString();
        Assert.Contains("Gateway:Sync:RotationLease", text, StringComparison.Ordinal);
        Assert.Contains("Gateway:Sync:ApplyDeadline", text, StringComparison.Ordinal);
    }

    private async Task<(RotUser User, Vault.V1.Record Record, string Current)> AccountWithRecordAsync()
    {
        var current = RotationDomain.NewPassword();
        var user = RotationDomain.CreateUser(current);
        var record = await World.Vault.CreateRecordAsync(World.List, user.Name, current);
        return (user, record, current);
    }

    private static Task LeaseExpiryAsync() => Task.Delay(ShortLease + TimeSpan.FromMilliseconds(700), Token);

    public sealed class Fixture : IAsyncLifetime
    {
        private SyncWorld? world;

        public SyncWorld World => world ?? throw new InvalidOperationException("Not started.");

        public async ValueTask InitializeAsync() => world = await SyncWorld.StartAsync(
            new Dictionary<string, string> { ["Gateway:Reconciliation:Enabled"] = "false" });

        public async ValueTask DisposeAsync()
        {
            if (world is not null)
            {
                await world.DisposeAsync();
            }
        }
    }
}
