using Grpc.Core;
using PasswordSync.ServiceDefaults;
using PasswordSync.Vault.Security;
using PasswordSync.Vault.Targets;
using PasswordSync.Vault.V1;

namespace PasswordSync.Vault.Tests.Targets;

/// <summary>The shapes target names and endpoints may take (they reach DNS, TLS name checks and SSH).</summary>
public sealed class TargetRulesTests
{
    [Theory]
    [InlineData("pwsync.test")]
    [InlineData("DC1.PWSYNC.TEST")]
    [InlineData("PWSYNC")]
    [InlineData("host-01")]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("fqdn.example.")]
    public void Accepted_names(string name) => Assert.True(TargetRules.IsValidName(name));

    [Theory]
    [InlineData("")]
    [InlineData("two words")]
    [InlineData("-leading.example")]
    [InlineData("trailing-.example")]
    [InlineData("a..b")]
    [InlineData("back\\slash")]
    [InlineData("line\nbreak")]
    [InlineData("a-label-that-is-far-too-long-for-dns-because-it-has-more-than-63-chars.example")]
    public void Refused_names(string name) => Assert.False(TargetRules.IsValidName(name));

    [Theory]
    [InlineData("dc1.pwsync.test:636", true)]
    [InlineData("127.0.0.1:389", true)]
    [InlineData("[::1]:22", true)]
    [InlineData("::1:22", false)]
    [InlineData("host:0", false)]
    [InlineData("host:65536", false)]
    [InlineData("host:+22", false)]
    [InlineData(":22", false)]
    [InlineData("host", false)]
    [InlineData("[127.0.0.1]:22", false)]
    public void Endpoints(string endpoint, bool valid)
    {
        var rules = new InputRules();
        TargetRules.Check(rules, new TargetSpec { Endpoints = { endpoint } }, new HashSet<string> { "endpoints" });
        if (valid)
        {
            rules.ThrowIfAny();
        }
        else
        {
            var error = Assert.Throws<RpcException>(rules.ThrowIfAny);
            Assert.Equal(["target.endpoints[0]"], error.GetViolatedFields());
        }
    }

    [Theory]
    [InlineData("gateway-instance-1", true)]
    [InlineData("alice@example.com", true)]
    [InlineData("PWSYNC\\alice", true)]
    [InlineData("", false)]
    [InlineData(" alice", false)]
    [InlineData("alice\r\nInjected: header", false)]
    public void Actor_header_values(string actor, bool valid) =>
        Assert.Equal(valid, GatewayCallerResolver.IsValidActor(actor));
}
