using PasswordSync.Directory.V1;

namespace PasswordSync.DirectorySync.Tests.ActiveDirectory;

/// <summary>Unknown, disabled and locked accounts, lockout policy and lockout safety (real Samba DC).</summary>
public sealed class AccountProblemTests : IAsyncLifetime
{
    private readonly DirectorySyncHost host = new();
    private readonly List<string> secrets = [SambaDomain.AdminPassword];

    [Fact]
    public async Task Unknown_account_is_not_found_for_verify_state_and_reset()
    {
        var password = SambaDomain.NewPassword();
        secrets.Add(password);
        var name = "nobody" + Guid.NewGuid().ToString("N")[..8];

        var verify = await host.Client.VerifyPasswordAsync(new VerifyPasswordRequest
        {
            Target = SambaDomain.Target(),
            Account = name,
            Password = password,
        }, cancellationToken: TestContext.Current.CancellationToken);
        var state = await host.Client.GetAccountStateAsync(new GetAccountStateRequest
        {
            Target = SambaDomain.Target(),
            Account = name,
        }, cancellationToken: TestContext.Current.CancellationToken);
        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.ResetPasswordAsync(
            new ResetPasswordRequest { Target = SambaDomain.Target(), Account = name, NewPassword = password },
            cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal(VerifyOutcome.AccountNotFound, verify.Outcome);
        Assert.False(state.Exists);
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal("ACCOUNT_NOT_FOUND", error.GetReason());
    }

    [Fact]
    public async Task Disabled_account_is_reported_disabled_even_with_its_right_password()
    {
        var user = SambaDomain.CreateUser(enabled: false);
        secrets.Add(user.Password);

        var verify = await host.Client.VerifyPasswordAsync(new VerifyPasswordRequest
        {
            Target = SambaDomain.Target(),
            Account = user.Name,
            Password = user.Password,
        }, cancellationToken: TestContext.Current.CancellationToken);
        var state = await host.Client.GetAccountStateAsync(new GetAccountStateRequest
        {
            Target = SambaDomain.Target(),
            Account = user.Name,
        }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(VerifyOutcome.AccountDisabled, verify.Outcome);
        Assert.True(state.Exists);
        Assert.False(state.Enabled);
    }

    [Fact]
    public async Task Wrong_password_is_tried_once_so_bad_password_count_rises_by_exactly_one()
    {
        // Samba counts bad passwords only where a lockout policy applies: use the PSO group.
        var user = SambaDomain.CreateUser(inLockoutGroup: true);
        var neverUsed = SambaDomain.NewPassword();
        secrets.AddRange([user.Password, neverUsed]);
        var before = int.Parse(SambaDomain.Read(user.Dn, "badPwdCount") ?? "0");

        var verify = await host.Client.VerifyPasswordAsync(new VerifyPasswordRequest
        {
            Target = SambaDomain.Target(),
            Account = user.Name,
            Password = neverUsed,
        }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(VerifyOutcome.Rejected, verify.Outcome);
        Assert.Equal(before + 1, int.Parse(SambaDomain.Read(user.Dn, "badPwdCount") ?? "0"));
        Assert.Equal(0, host.Logs.Count(DirectorySyncHost.RetryEventId));
    }

    [Fact]
    public async Task Account_under_the_lockout_pso_reports_its_effective_policy_then_locks_and_is_reported_locked()
    {
        var user = SambaDomain.CreateUser(inLockoutGroup: true);
        secrets.Add(user.Password);
        var request = new GetAccountStateRequest { Target = SambaDomain.Target(), Account = user.Name };

        // Before any failure the state is read lean and reports the strictest policy of the domain (here the PSO's);
        // after the first one, the account's own effective policy (docs/ad-state-read.md).
        var fresh = await host.Client.GetAccountStateAsync(request, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(SambaDomain.LockoutThreshold, fresh.LockoutPolicy.Threshold);
        Assert.StartsWith("strictest of the domain's", fresh.LockoutPolicy.Source);
        Assert.False(fresh.LockedOut);
        Assert.Equal(0, fresh.BadPasswordCount);

        for (var i = 0; i < SambaDomain.LockoutThreshold; i++)
        {
            var wrong = SambaDomain.NewPassword();
            secrets.Add(wrong);
            await host.Client.VerifyPasswordAsync(new VerifyPasswordRequest
            {
                Target = SambaDomain.Target(),
                Account = user.Name,
                Password = wrong,
            }, cancellationToken: TestContext.Current.CancellationToken);
            if (i == 0)
            {
                var counted = await host.Client.GetAccountStateAsync(request,
                    cancellationToken: TestContext.Current.CancellationToken);
                Assert.Equal(SambaDomain.LockoutThreshold, counted.LockoutPolicy.Threshold);
                Assert.Equal(SambaDomain.LockoutPsoDn, counted.LockoutPolicy.Source, ignoreCase: true);
                Assert.Equal(TimeSpan.FromMinutes(30), counted.LockoutPolicy.LockoutDuration.ToTimeSpan());
                Assert.Equal(1, counted.BadPasswordCount);
            }
        }

        var locked = await host.Client.GetAccountStateAsync(request, cancellationToken: TestContext.Current.CancellationToken);
        var verify = await host.Client.VerifyPasswordAsync(new VerifyPasswordRequest
        {
            Target = SambaDomain.Target(),
            Account = user.Name,
            Password = user.Password,
        }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(locked.LockedOut);
        Assert.NotNull(locked.LockedOutUntil);
        Assert.NotNull(locked.LastBadPasswordTime);
        Assert.Equal(SambaDomain.LockoutThreshold, locked.BadPasswordCount);
        Assert.Equal(VerifyOutcome.AccountLocked, verify.Outcome);
        Assert.False(verify.PasswordCorrect);
    }

    [Fact]
    public async Task Domain_policy_applies_to_accounts_outside_the_pso()
    {
        var user = SambaDomain.CreateUser();
        secrets.Add(user.Password);
        // Without the policy cache every state read is the full one, which reads the account's own policy (an account
        // outside the PSO here never counts a failure, so with the cache it would always read lean).
        await using var uncached = new DirectorySyncHost(settings: new Dictionary<string, string>
        {
            ["DirectorySync:LockoutPolicyCacheTime"] = "00:00:00",
        });

        var state = await uncached.Client.GetAccountStateAsync(new GetAccountStateRequest
        {
            Target = SambaDomain.Target(),
            Account = user.Name,
        }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("domain", state.LockoutPolicy.Source);
        Assert.Equal(0, state.LockoutPolicy.Threshold);
        Assert.True(state.Enabled);
        Assert.Equal(user.Dn, state.DistinguishedName, ignoreCase: true);
        Assert.Equal(SambaDomain.Read(user.Dn, "pwdLastSet"), state.PasswordLastSetRaw);
        Assert.Null(state.AccountExpires);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        host.Logs.AssertNoneContains(secrets);
        await host.DisposeAsync();
    }
}
