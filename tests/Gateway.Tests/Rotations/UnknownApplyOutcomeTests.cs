using System.Globalization;
using System.Net;
using PasswordSync.Gateway.Sync;
using PasswordSync.Gateway.Tests.Harness;
using PasswordSync.Testing;
using PasswordSync.V1;

namespace PasswordSync.Gateway.Tests.Rotations;

/// <summary>
/// directory-sync stops answering during an apply (a frozen TCP relay between the gateway and the real directory-sync
/// process): the outcome is unknown, so the pending password must be kept, never aborted, and the caller told so;
/// once the lease expires the reconciler settles it by evidence against the real DC.
/// </summary>
public sealed class UnknownApplyOutcomeTests(UnknownApplyOutcomeTests.Fixture fixture)
    : IClassFixture<UnknownApplyOutcomeTests.Fixture>
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(16);

    private SyncWorld World => fixture.World;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_apply_without_an_answer_is_left_pending_not_aborted_and_the_reconciler_settles_it()
    {
        var current = RotationDomain.NewPassword();
        var user = RotationDomain.CreateUser(current);
        var record = await World.Vault.CreateRecordAsync(World.List, user.Name, current);
        var fresh = RotationDomain.NewPassword();
        fixture.Relay.Mode = RelayMode.Freeze;
        fixture.Relay.DropAll();

        SyncOutcome outcome;
        try
        {
            outcome = await World.Sync().SaveAndSyncAsync(new SaveAndSyncRequest
            {
                RecordId = record.Id,
                Version = record.Version,
                NewPassword = fresh,
            }, cancellationToken: Token);
        }
        finally
        {
            fixture.Relay.Mode = RelayMode.Forward;
            fixture.Relay.DropAll();
        }

        Assert.False(outcome.VaultUpdated);
        Assert.NotEmpty(outcome.ReasonCode);
        Assert.Contains("not known", outcome.Message, StringComparison.Ordinal);
        Assert.Contains("pending rotation", outcome.Message, StringComparison.Ordinal);
        var pending = await World.Vault.GetAsync(record.Id);
        Assert.NotNull(pending.PendingRotation);
        Assert.Equal(fresh, await World.Vault.PendingPasswordAsync(record.Id));
        Assert.Equal(current, await World.Vault.RevealAsync(record.Id));

        var expiry = pending.PendingRotation.LeaseExpireTime.ToDateTimeOffset() - DateTimeOffset.UtcNow;
        Assert.True(expiry <= Lease, expiry.ToString("c", CultureInfo.InvariantCulture));
        await Task.Delay(expiry + TimeSpan.FromSeconds(1), Token);
        await fixture.ReconnectAsync();
        var resolution = await World.Service<IPendingRotationResolver>().ResolveAsync(record.Id, Token);

        // Nothing reached the DC behind the frozen relay: the current password is proven and the pending one dropped.
        Assert.True(resolution.Outcome == PendingOutcome.Aborted, $"{resolution.Outcome}: {resolution.Detail}");
        Assert.Equal(current, await World.Vault.RevealAsync(record.Id));
        Assert.True(RotationDomain.CanBind(user, current));
        Assert.DoesNotContain(fresh, World.AllLogText(), StringComparison.Ordinal);
    }

    public sealed class Fixture : IAsyncLifetime
    {
        private SyncWorld? world;
        private BackendProcesses? backends;

        public SyncWorld World => world ?? throw new InvalidOperationException("Not started.");

        public TcpRelay Relay { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            backends = await BackendProcesses.StartAsync();
            Relay = new TcpRelay(IPAddress.Loopback,
                new IPEndPoint(IPAddress.Loopback, backends.DirectorySyncAddress.Port));
            world = await SyncWorld.StartAsync(new Dictionary<string, string>
            {
                ["Gateway:DirectorySync:Address"] = $"http://127.0.0.1:{Relay.Port}",
                ["Gateway:Sync:ApplyDeadline"] = "00:00:03",
                ["Gateway:Sync:RotationLease"] = Lease.ToString("c", CultureInfo.InvariantCulture),
                ["Gateway:Reconciliation:Enabled"] = "false",
            }, sharedBackends: backends);
        }

        /// <summary>
        /// Waits until the gateway's channel to directory-sync works again: the frozen connections were cut, and a
        /// call on a cut connection fails as Unavailable (which the reconciler would rightly treat as "no proof").
        /// </summary>
        public async Task ReconnectAsync()
        {
            var directory = World.Service<Directory.V1.DirectorySync.DirectorySyncClient>();
            for (var attempt = 0; attempt < 20; attempt++)
            {
                try
                {
                    await directory.GetAccountStateAsync(new Directory.V1.GetAccountStateRequest(),
                        deadline: DateTime.UtcNow.AddSeconds(5));
                    return;
                }
                catch (Grpc.Core.RpcException e) when (e.StatusCode is Grpc.Core.StatusCode.Unavailable
                                                       or Grpc.Core.StatusCode.DeadlineExceeded)
                {
                    await Task.Delay(250);
                }
                catch (Grpc.Core.RpcException)
                {
                    return; // directory-sync answered (InvalidArgument for the empty request): the channel works
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (world is not null)
            {
                await world.DisposeAsync();
            }

            await Relay.DisposeAsync();
            if (backends is not null)
            {
                await backends.DisposeAsync();
            }
        }
    }
}
