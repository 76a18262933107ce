using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PasswordSync.Gateway.Sync;
using PasswordSync.Gateway.Sync.Rotation;
using PasswordSync.Gateway.Tests.Harness;
using PasswordSync.V1;

namespace PasswordSync.Gateway.Tests.Rotations;

/// <summary>
/// A rotate whose generated password the directory's policy refuses tries once more with a fresh password, then
/// reports the reason. The refusal comes from a test double (see <see cref="PolicyRefusingDirectory"/>); the vault,
/// directory-sync and the DC that take the retry are real.
/// </summary>
public sealed class RotatePolicyRetryTests(RotatePolicyRetryTests.Fixture fixture)
    : IClassFixture<RotatePolicyRetryTests.Fixture>
{
    private SyncWorld World => fixture.World;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_generated_password_refused_by_policy_is_aborted_and_a_fresh_one_is_set_instead()
    {
        var old = RotationDomain.NewPassword();
        var user = RotationDomain.CreateUser(old);
        var record = await World.Vault.CreateRecordAsync(World.List, user.Name, old);
        fixture.Directory.RefuseResets = fixture.Directory.Resets + 1;
        var resetsBefore = fixture.Directory.Resets;

        var outcome = await World.Sync().RotateAsync(new RotateRequest { RecordId = record.Id, Version = record.Version },
            cancellationToken: Token);

        Assert.True(outcome.VaultUpdated && outcome.DirectoryUpdated && outcome.Verified, outcome.Message);
        Assert.Contains("fresh one was used", outcome.Message, StringComparison.Ordinal);
        Assert.Equal(2, fixture.Directory.Resets - resetsBefore);
        var current = await World.Vault.RevealAsync(record.Id);
        Assert.NotEqual(old, current);
        Assert.True(RotationDomain.CanBind(user, current));
        Assert.Equal(new[] { old }, await World.Vault.RevealHistoryAsync(record.Id));
    }

    [Fact]
    public async Task A_second_policy_refusal_ends_the_rotate_with_the_reason_and_nothing_changed()
    {
        var old = RotationDomain.NewPassword();
        var user = RotationDomain.CreateUser(old);
        var record = await World.Vault.CreateRecordAsync(World.List, user.Name, old);
        fixture.Directory.RefuseResets = int.MaxValue;
        var resetsBefore = fixture.Directory.Resets;
        try
        {
            var outcome = await World.Sync().RotateAsync(
                new RotateRequest { RecordId = record.Id, Version = record.Version }, cancellationToken: Token);

            Assert.False(outcome.VaultUpdated || outcome.DirectoryUpdated);
            Assert.Equal("PASSWORD_POLICY", outcome.ReasonCode);
            Assert.Contains("refused two generated passwords", outcome.Message, StringComparison.Ordinal);
            Assert.Equal(2, fixture.Directory.Resets - resetsBefore); // once more, never a third time
            Assert.Equal(old, await World.Vault.RevealAsync(record.Id));
            Assert.Null((await World.Vault.GetAsync(record.Id)).PendingRotation);
        }
        finally
        {
            fixture.Directory.RefuseResets = 0;
        }
    }

    [Fact]
    public async Task A_given_password_refused_by_policy_is_not_retried()
    {
        var old = RotationDomain.NewPassword();
        var user = RotationDomain.CreateUser(old);
        var record = await World.Vault.CreateRecordAsync(World.List, user.Name, old);
        fixture.Directory.RefuseResets = fixture.Directory.Resets + 1;
        var resetsBefore = fixture.Directory.Resets;

        var outcome = await World.Sync().SaveAndSyncAsync(new SaveAndSyncRequest
        {
            RecordId = record.Id,
            Version = record.Version,
            NewPassword = RotationDomain.NewPassword(),
        }, cancellationToken: Token);

        Assert.Equal("PASSWORD_POLICY", outcome.ReasonCode);
        Assert.Equal(1, fixture.Directory.Resets - resetsBefore);
        Assert.Equal(old, await World.Vault.RevealAsync(record.Id));
    }

    public sealed class Fixture : IAsyncLifetime
    {
        private SyncWorld? world;
        private BackendProcesses? backends;
        private GrpcChannel? channel;

        public SyncWorld World => world ?? throw new InvalidOperationException("Not started.");

        internal PolicyRefusingDirectory Directory { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            backends = await BackendProcesses.StartAsync();
            channel = GrpcChannel.ForAddress(backends.DirectorySyncAddress);
            Directory = new PolicyRefusingDirectory(channel);
            world = await SyncWorld.StartAsync(sharedBackends: backends, services: services =>
                services.AddSingleton(provider => new DirectoryApplier(Directory,
                    provider.GetRequiredService<IOptions<RotationOptions>>(), TimeProvider.System)));
        }

        public async ValueTask DisposeAsync()
        {
            if (world is not null)
            {
                await world.DisposeAsync();
            }

            channel?.Dispose();
            if (backends is not null)
            {
                await backends.DisposeAsync();
            }
        }
    }
}
