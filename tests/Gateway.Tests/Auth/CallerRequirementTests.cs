using Grpc.Core;
using Microsoft.AspNetCore.Http;
using PasswordSync.Gateway.Auth;
using PasswordSync.ServiceDefaults;

namespace PasswordSync.Gateway.Tests.Auth;

/// <summary>
/// <c>context.Require(permission, listId)</c>, the check every service method makes: PermissionDenied naming what is
/// missing. A hand-made ServerCallContext stands in for a call here (the same check runs end to end in AdminApiTests;
/// list-scoped calls get their end-to-end tests with the list and record services).
/// </summary>
public sealed class CallerRequirementTests
{
    private static TestCallContext CallBy(GatewayCaller caller)
    {
        var http = new DefaultHttpContext();
        http.SetCaller(caller);
        var context = new TestCallContext();
        context.UserState["__HttpContext"] = http;
        return context;
    }

    private static GatewayCaller Key(IEnumerable<Access> permissions, params string[] lists) =>
        new("key-1", "test", permissions.ToHashSet(), lists.ToHashSet(StringComparer.Ordinal));

    [Fact]
    public void A_key_scoped_to_list_A_is_refused_list_B_naming_the_list()
    {
        var context = CallBy(Key([Access.Read, Access.Reveal], "list-a"));

        Assert.Equal("key-1", context.Require(Access.Reveal, "list-a").KeyId);
        var error = Assert.Throws<RpcException>(() => context.Require(Access.Read, "list-b"));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains("'list-b'", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("PERMISSION_DENIED", error.GetReason());
    }

    [Fact]
    public void A_missing_permission_is_named()
    {
        var context = CallBy(Key([Access.Read]));

        var error = Assert.Throws<RpcException>(() => context.Require(Access.Sync, "any-list"));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains("'sync'", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Admin_implies_every_permission_on_every_list()
    {
        var context = CallBy(Key([Access.Admin], "list-a"));

        foreach (var permission in Enum.GetValues<Access>())
        {
            Assert.NotNull(context.Require(permission, "list-z"));
        }
    }

    [Fact]
    public void A_call_without_an_authenticated_caller_is_unauthenticated()
    {
        var context = new TestCallContext();
        context.UserState["__HttpContext"] = new DefaultHttpContext();

        Assert.Equal(StatusCode.Unauthenticated,
            Assert.Throws<RpcException>(() => context.Require(Access.Read)).StatusCode);
    }

    private sealed class TestCallContext : ServerCallContext
    {
        private readonly Dictionary<object, object> userState = [];

        protected override string MethodCore => "/passwordsync.v1.Test/Call";
        protected override string HostCore => "localhost";
        protected override string PeerCore => "ipv4:127.0.0.1:1";
        protected override DateTime DeadlineCore => DateTime.MaxValue;
        protected override Metadata RequestHeadersCore => [];
        protected override CancellationToken CancellationTokenCore => CancellationToken.None;
        protected override Metadata ResponseTrailersCore => [];
        protected override Status StatusCore { get; set; }
        protected override WriteOptions? WriteOptionsCore { get; set; }
        protected override AuthContext AuthContextCore => new(null, []);
        protected override IDictionary<object, object> UserStateCore => userState;

        protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) =>
            throw new NotSupportedException();

        protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
    }
}
