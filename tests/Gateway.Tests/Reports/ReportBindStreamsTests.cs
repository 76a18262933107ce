using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using PasswordSync.Common.V1;
using PasswordSync.Directory.V1;
using PasswordSync.Gateway.Reports;
using PasswordSync.ServiceDefaults;

namespace PasswordSync.Gateway.Tests.Reports;

/// <summary>
/// The sync report's binds over BulkPasswords streams (ReportBindStreams), driven by <see cref="ScriptedBulkStreams"/>
/// (a test double: the failures below cannot be produced on demand by the real directory-sync). The happy path against
/// the real directory-sync and DC: Checks/SyncReportOnDirectoryTests.
/// </summary>
public sealed class ReportBindStreamsTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Binds_of_one_target_share_a_stream_which_carries_the_target_once()
    {
        var directory = new ScriptedBulkStreams();
        await using var binds = new ReportBindStreams(directory, TimeSpan.FromSeconds(10), NullLogger.Instance, Cancel);

        var first = await binds.VerifyAsync(Bind("alice"), Cancel);
        var second = await binds.VerifyAsync(Bind("bob"), Cancel);

        Assert.Equal(VerifyOutcome.Accepted, first.Outcome);
        Assert.Equal(VerifyOutcome.Accepted, second.Outcome);
        var stream = Assert.Single(directory.Streams);
        Assert.Equal(2, stream.Count);
        Assert.NotNull(stream[0].Target);
        Assert.Null(stream[1].Target);
        Assert.Equal(["alice", "bob"], stream.Select(r => r.Items.Single().Account));
        Assert.Equal("dc1:636", stream[1].Items.Single().Verify.PinnedServer);
        Assert.Equal(0, directory.UnaryVerifies);
    }

    [Fact]
    public async Task An_item_error_fails_the_bind_with_the_same_status_and_reason_and_the_stream_goes_on()
    {
        var directory = new ScriptedBulkStreams
        {
            Answer = item => new BulkResponse
            {
                ItemId = item.ItemId,
                Error = new ItemError { Code = (int)StatusCode.FailedPrecondition, Reason = Reason.AccountNotFound, Message = "no such account" },
            },
        };
        await using var binds = new ReportBindStreams(directory, TimeSpan.FromSeconds(10), NullLogger.Instance, Cancel);

        var error = await Assert.ThrowsAsync<RpcException>(() => binds.VerifyAsync(Bind("ghost"), Cancel));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("ACCOUNT_NOT_FOUND", error.GetReason());
        Assert.Equal("no such account", error.Status.Detail);
    }

    [Fact]
    public async Task A_bind_without_an_answer_fails_once_is_never_resent_and_the_next_bind_opens_a_new_stream()
    {
        var answered = 0;
        var directory = new ScriptedBulkStreams
        {
            // The first bind never gets an answer; later ones do.
            Answer = item => Interlocked.Increment(ref answered) == 1
                ? null
                : new BulkResponse { ItemId = item.ItemId, Verify = new VerifyPasswordResponse { Outcome = VerifyOutcome.Rejected } },
        };
        await using var binds = new ReportBindStreams(directory, TimeSpan.FromMilliseconds(300), NullLogger.Instance, Cancel);

        var timedOut = await Assert.ThrowsAsync<RpcException>(() => binds.VerifyAsync(Bind("slow"), Cancel));
        var next = await binds.VerifyAsync(Bind("next"), Cancel);

        Assert.Equal(StatusCode.DeadlineExceeded, timedOut.StatusCode);
        Assert.Contains("not sent again", timedOut.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(VerifyOutcome.Rejected, next.Outcome);
        var streams = directory.Streams.ToArray();
        Assert.Equal(2, streams.Length);
        Assert.Equal(["slow"], streams[0].Select(r => r.Items.Single().Account));
        Assert.Equal(["next"], streams[1].Select(r => r.Items.Single().Account));
        Assert.NotNull(streams[1][0].Target);
    }

    [Fact]
    public async Task A_changed_target_gets_a_stream_of_its_own()
    {
        var directory = new ScriptedBulkStreams();
        await using var binds = new ReportBindStreams(directory, TimeSpan.FromSeconds(10), NullLogger.Instance, Cancel);

        await binds.VerifyAsync(Bind("alice"), Cancel);
        var rotated = Bind("bob");
        rotated.Target.PrivilegedPassword = "Rotated-Privileged-2!";
        await binds.VerifyAsync(rotated, Cancel);

        var streams = directory.Streams.ToArray();
        Assert.Equal(2, streams.Length);
        Assert.Equal("Rotated-Privileged-2!", streams[1][0].Target.PrivilegedPassword);
    }

    [Fact]
    public async Task A_directory_sync_without_the_stream_gets_unary_binds()
    {
        var directory = new ScriptedBulkStreams { RefusesStreams = true };
        await using var binds = new ReportBindStreams(directory, TimeSpan.FromSeconds(10), NullLogger.Instance, Cancel);

        var first = await binds.VerifyAsync(Bind("alice"), Cancel);
        var second = await binds.VerifyAsync(Bind("bob"), Cancel);

        Assert.Equal("unary:636", first.Server);
        Assert.Equal("unary:636", second.Server);
        Assert.Equal(2, directory.UnaryVerifies);
    }

    private static VerifyPasswordRequest Bind(string account) => new()
    {
        Target = new Target
        {
            Id = "t-streams",
            Kind = TargetKind.ActiveDirectory,
            PrivilegedAccount = "admin",
            PrivilegedPassword = "Privileged-1!",
            Endpoints = { new Endpoint { Host = "dc1", Port = 636 } },
        },
        Account = account,
        Password = "Bind-Password-1!",
        PinnedServer = "dc1:636",
    };
}
