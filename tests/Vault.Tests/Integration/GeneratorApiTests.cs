using Grpc.Core;
using PasswordSync.ServiceDefaults;
using PasswordSync.Vault.Lists;
using PasswordSync.Vault.Passwords;
using PasswordSync.Vault.V1;
using static PasswordSync.Vault.Tests.Integration.VaultHostScenarios;
using ModelPolicy = PasswordSync.Vault.Passwords.PasswordPolicy;
using ModelStyle = PasswordSync.Vault.Passwords.PasswordStyle;

namespace PasswordSync.Vault.Tests.Integration;

public sealed class GeneratorApiTests(VaultHostFixture fixture) : IClassFixture<VaultHostFixture>
{
    private readonly VaultHost host = fixture.Host;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Passwords_from_a_list_policy_meet_that_policy()
    {
        var list = await host.CreateReadyListAsync();
        var policy = list.Policy.Clone();
        policy.Length = 12;
        policy.ExcludedCharacters = "0O1lI";
        list = await host.Lists().UpdateListAsync(new UpdateListRequest
        {
            List = new V1.PasswordList { Id = list.Id, Version = list.Version, Policy = policy },
            UpdateMask = Google.Protobuf.WellKnownTypes.FieldMask.FromString("policy"),
        }, cancellationToken: Ct);

        var response = await host.Generator().GeneratePasswordAsync(
            new GeneratePasswordRequest { ListId = list.Id, Count = 50 }, cancellationToken: Ct);

        Assert.Equal(50, response.Passwords.Count);
        var model = ModelPolicy.Default with { Length = 12, ExcludedCharacters = "0O1lI" };
        Assert.All(response.Passwords, p =>
        {
            Assert.Equal(12, p.Length);
            Assert.True(PasswordPolicyChecker.Satisfies(model, p));
            Assert.DoesNotContain(p, c => "0O1lI".Contains(c, StringComparison.Ordinal));
        });
        Assert.Equal(50, response.Passwords.Distinct().Count());
    }

    [Fact]
    public async Task Explicit_word_phrase_policy_is_honoured()
    {
        var policy = PolicyMapping.ToProto(ModelPolicy.Default with { Style = ModelStyle.WordPhrase, WordCount = 5 });

        var response = await host.Generator().GeneratePasswordAsync(new GeneratePasswordRequest { Policy = policy },
            cancellationToken: Ct);

        var password = Assert.Single(response.Passwords);
        Assert.True(PasswordPolicyChecker.Satisfies(ModelPolicy.Default with { Style = ModelStyle.WordPhrase, WordCount = 5 }, password));
    }

    [Fact]
    public async Task Unsatisfiable_policy_is_refused_naming_its_fields()
    {
        var error = await FailsWith(StatusCode.InvalidArgument, async () => await host.Generator().GeneratePasswordAsync(
            new GeneratePasswordRequest { Policy = new V1.PasswordPolicy { Length = 10 } }, cancellationToken: Ct));

        Assert.NotEmpty(error.GetViolatedFields());
        Assert.All(error.GetViolatedFields(), f => Assert.StartsWith("policy.", f, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public async Task Count_outside_1_to_100_is_refused(int count)
    {
        var error = await FailsWith(StatusCode.InvalidArgument, async () => await host.Generator().GeneratePasswordAsync(
            new GeneratePasswordRequest { Policy = PolicyMapping.ToProto(ModelPolicy.Default), Count = count },
            cancellationToken: Ct));

        AssertFields(error, "count");
    }

    [Fact]
    public async Task Unknown_list_is_not_found_and_missing_source_is_invalid()
    {
        await FailsWith(StatusCode.NotFound, async () => await host.Generator().GeneratePasswordAsync(
            new GeneratePasswordRequest { ListId = "no-such-list" }, cancellationToken: Ct));
        var error = await FailsWith(StatusCode.InvalidArgument, async () => await host.Generator().GeneratePasswordAsync(
            new GeneratePasswordRequest(), cancellationToken: Ct));

        AssertFields(error, "source");
    }
}
