using Microsoft.Extensions.Options;
using PasswordSync.Gateway.Auth;

namespace PasswordSync.Gateway.Tests.Auth;

/// <summary>The per-account limit on checks with a supplied candidate (a password-guessing brake).</summary>
public sealed class CandidateCheckLimiterTests
{
    private readonly ManualClock clock = new();

    private CandidateCheckLimiter Limiter(int perAccount = 3, int windowMinutes = 15) => new(
        Options.Create(new CandidateCheckOptions
        {
            CandidateChecksPerAccount = perAccount,
            CandidateCheckWindow = TimeSpan.FromMinutes(windowMinutes),
        }), clock);

    [Fact]
    public void Allows_the_limit_per_account_then_refuses_until_the_oldest_check_leaves_the_window()
    {
        var limiter = Limiter();

        Assert.True(limiter.TryAcquire("ad:pwsync.test", "alice"));
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True(limiter.TryAcquire("ad:pwsync.test", "alice"));
        Assert.True(limiter.TryAcquire("ad:pwsync.test", "alice"));
        Assert.False(limiter.TryAcquire("ad:pwsync.test", "alice"));

        clock.Advance(TimeSpan.FromMinutes(10)); // the first check is now 15 minutes old
        Assert.True(limiter.TryAcquire("ad:pwsync.test", "alice"));
        Assert.False(limiter.TryAcquire("ad:pwsync.test", "alice"));
    }

    [Fact]
    public void A_window_boundary_does_not_double_the_allowance()
    {
        var limiter = Limiter();
        clock.Advance(TimeSpan.FromMinutes(14));
        for (var i = 0; i < 3; i++)
        {
            Assert.True(limiter.TryAcquire("t", "bob"));
        }

        // A fixed window would start afresh here and allow three more guesses right away.
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.False(limiter.TryAcquire("t", "bob"));
    }

    [Fact]
    public void Accounts_are_counted_separately_per_target_and_case_insensitively()
    {
        var limiter = Limiter(perAccount: 1);

        Assert.True(limiter.TryAcquire("t1", "Carol"));
        Assert.False(limiter.TryAcquire("t1", "carol"));
        Assert.False(limiter.TryAcquire("T1", "CAROL"));
        Assert.True(limiter.TryAcquire("t2", "carol"));
        Assert.True(limiter.TryAcquire("t1", "dave"));
    }

    [Fact]
    public void Refused_attempts_do_not_extend_the_wait()
    {
        var limiter = Limiter(perAccount: 1, windowMinutes: 10);
        Assert.True(limiter.TryAcquire("t", "erin"));
        for (var i = 0; i < 9; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            Assert.False(limiter.TryAcquire("t", "erin"));
        }

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(limiter.TryAcquire("t", "erin"));
    }

    [Fact]
    public async Task Concurrent_checks_of_one_account_never_exceed_the_limit()
    {
        var limiter = Limiter(perAccount: 5);

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ =>
            Task.Run(() => limiter.TryAcquire("t", "frank"), TestContext.Current.CancellationToken)));

        Assert.Equal(5, results.Count(granted => granted));
    }
}
