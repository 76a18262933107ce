using PasswordSync.Vault.Lists;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Validation;
using ModelList = PasswordSync.Vault.Model.PasswordList;
using ModelPolicy = PasswordSync.Vault.Passwords.PasswordPolicy;
using ProtoList = PasswordSync.Vault.V1.PasswordList;
using ProtoPolicy = PasswordSync.Vault.V1.PasswordPolicy;

namespace PasswordSync.Vault.Tests.Lists;

public sealed class ListInputTests
{
    private static readonly ModelList Empty = new() { Id = "l1", Name = "", Fields = new FieldConfiguration(StandardFields.None, []) };

    [Fact]
    public void Absent_policy_means_the_default_policy()
    {
        var (list, violations) = Apply(new ProtoList { Name = "Servers" });

        Assert.Empty(violations.Items);
        Assert.Equal(ModelPolicy.Default, list.Policy);
        Assert.Equal("Servers", list.Name);
    }

    [Fact]
    public void Explicit_policy_is_taken_field_by_field()
    {
        var policy = PolicyMapping.ToProto(ModelPolicy.Default);
        policy.Length = 32;
        policy.UseSymbols = false;
        policy.MinSymbols = 0;

        var (list, violations) = Apply(new ProtoList { Name = "Servers", Policy = policy });

        Assert.Empty(violations.Items);
        Assert.Equal(ModelPolicy.Default with { Length = 32, UseSymbols = false, MinSymbols = 0 }, list.Policy);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("bad\nname")]
    [InlineData("bell\a")]
    public void Missing_or_control_character_name_is_refused(string name) =>
        Assert.Contains("list.name", Apply(new ProtoList { Name = name }).Violations.Items.Select(v => v.Field));

    [Fact]
    public void Name_longer_than_128_characters_is_refused() =>
        Assert.Contains("list.name",
            Apply(new ProtoList { Name = new string('n', 129) }).Violations.Items.Select(v => v.Field));

    [Theory]
    [InlineData(-1)]
    [InlineData(25)]
    public void Prevent_reuse_count_outside_0_to_24_is_refused(int count) =>
        Assert.Equal(["list.prevent_reuse_count"],
            Apply(new ProtoList { Name = "n", PreventReuseCount = count }).Violations.Items.Select(v => v.Field));

    [Theory]
    [InlineData(0)]
    [InlineData(24)]
    public void Prevent_reuse_count_bounds_are_accepted(int count) =>
        Assert.Empty(Apply(new ProtoList { Name = "n", PreventReuseCount = count }).Violations.Items);

    [Fact]
    public void Policy_that_cannot_produce_a_password_is_refused_naming_its_fields()
    {
        // Every class off: nothing to draw characters from.
        var policy = new ProtoPolicy { Length = 20 };

        var violations = Apply(new ProtoList { Name = "n", Policy = policy }).Violations;

        Assert.NotEmpty(violations.Items);
        Assert.All(violations.Items, v => Assert.StartsWith("list.policy.", v.Field, StringComparison.Ordinal));
    }

    [Fact]
    public void Minimums_longer_than_the_length_are_refused()
    {
        var policy = PolicyMapping.ToProto(ModelPolicy.Default with { Length = 8, MinDigits = 6, MinSymbols = 6 });

        var violations = Apply(new ProtoList { Name = "n", Policy = policy }).Violations;

        Assert.NotEmpty(violations.Items);
        Assert.All(violations.Items, v => Assert.StartsWith("list.policy.", v.Field, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var violations = Apply(new ProtoList { Name = "", PreventReuseCount = 99, Description = new string('d', 1025) }).Violations;

        Assert.Equal(["list.description", "list.name", "list.prevent_reuse_count"],
            violations.Items.Select(v => v.Field).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Update_applies_only_masked_paths()
    {
        var current = Empty with { Name = "Old", Description = "kept", PreventReuseCount = 3 };
        var violations = new Violations();

        var updated = ListInput.Apply(current, new ProtoList { Name = "New", Description = "ignored", PreventReuseCount = 99 },
            [ListInput.Name], violations);

        Assert.Empty(violations.Items);
        Assert.Equal("New", updated.Name);
        Assert.Equal("kept", updated.Description);
        Assert.Equal(3, updated.PreventReuseCount);
    }

    private static (ModelList List, Violations Violations) Apply(ProtoList input)
    {
        var violations = new Violations();
        return (ListInput.Apply(Empty, input, ListInput.AllPaths, violations), violations);
    }
}
