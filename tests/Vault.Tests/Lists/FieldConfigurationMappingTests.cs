using PasswordSync.Vault.Lists;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Validation;
using ProtoFields = PasswordSync.Vault.V1.FieldConfiguration;
using ProtoGenericField = PasswordSync.Vault.V1.GenericField;
using ProtoStandardField = PasswordSync.Vault.V1.StandardField;

namespace PasswordSync.Vault.Tests.Lists;

public sealed class FieldConfigurationMappingTests
{
    [Fact]
    public void Valid_configuration_maps_both_ways()
    {
        var proto = new ProtoFields
        {
            StandardFields = { ProtoStandardField.Title, ProtoStandardField.UserName, ProtoStandardField.ExpiryDate },
            GenericFields =
            {
                new ProtoGenericField { Key = "generic10", Label = "Owner" },
                new ProtoGenericField { Key = "generic2", Label = " Domain or Host " },
            },
        };
        var violations = new Violations();

        var model = FieldConfigurationMapping.FromProto(proto, violations, "list.fields");

        Assert.False(violations.Any);
        Assert.Equal(StandardFields.Title | StandardFields.UserName | StandardFields.ExpiryDate, model.StandardFields);
        // Ordered by key number, labels trimmed.
        Assert.Equal([new GenericField("generic2", "Domain or Host"), new GenericField("generic10", "Owner")], model.GenericFields);
        var back = FieldConfigurationMapping.ToProto(model);
        Assert.Equal([ProtoStandardField.Title, ProtoStandardField.UserName, ProtoStandardField.ExpiryDate], back.StandardFields);
        Assert.Equal(["generic2", "generic10"], back.GenericFields.Select(g => g.Key));
    }

    [Theory]
    [InlineData("generic0")]
    [InlineData("generic11")]
    [InlineData("Generic1")]
    [InlineData("custom")]
    [InlineData("")]
    public void Unknown_generic_key_is_refused(string key) =>
        AssertViolations(Generic((key, "Label")), "list.fields.generic_fields[0].key");

    [Fact]
    public void Duplicate_generic_key_is_refused() =>
        AssertViolations(Generic(("generic1", "A"), ("generic1", "B")), "list.fields.generic_fields[1].key");

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("line\nbreak")]
    [InlineData("tab\there")]
    [InlineData("nul\0")]
    public void Empty_or_control_character_label_is_refused(string label) =>
        AssertViolations(Generic(("generic1", label)), "list.fields.generic_fields[0].label");

    [Fact]
    public void Label_longer_than_64_characters_is_refused()
    {
        AssertViolations(Generic(("generic1", new string('a', 65))), "list.fields.generic_fields[0].label");
        var violations = new Violations();
        FieldConfigurationMapping.FromProto(Generic(("generic1", new string('a', 64))), violations, "list.fields");
        Assert.False(violations.Any);
    }

    [Theory]
    [InlineData("Domain or Host", "domain or host")]
    [InlineData("Owner", " OWNER ")]
    public void Labels_must_be_unique_case_insensitively(string first, string second) =>
        AssertViolations(Generic(("generic1", first), ("generic2", second)), "list.fields.generic_fields[1].label");

    [Fact]
    public void More_than_ten_generic_fields_are_refused()
    {
        var proto = new ProtoFields();
        proto.GenericFields.AddRange(Enumerable.Range(1, 11).Select(n => new ProtoGenericField { Key = $"generic{Math.Min(n, 10)}", Label = $"L{n}" }));
        var violations = new Violations();

        FieldConfigurationMapping.FromProto(proto, violations, "list.fields");

        Assert.Contains("list.fields.generic_fields", violations.Items.Select(v => v.Field));
    }

    [Theory]
    [InlineData(ProtoStandardField.Unspecified)]
    [InlineData((ProtoStandardField)42)]
    public void Unknown_standard_field_is_refused(ProtoStandardField field) =>
        AssertViolations(new ProtoFields { StandardFields = { ProtoStandardField.Title, field } }, "list.fields.standard_fields[1]");

    private static ProtoFields Generic(params (string Key, string Label)[] fields)
    {
        var proto = new ProtoFields();
        proto.GenericFields.AddRange(fields.Select(f => new ProtoGenericField { Key = f.Key, Label = f.Label }));
        return proto;
    }

    private static void AssertViolations(ProtoFields proto, string expectedField)
    {
        var violations = new Violations();
        FieldConfigurationMapping.FromProto(proto, violations, "list.fields");
        Assert.Equal([expectedField], violations.Items.Select(v => v.Field).Distinct());
    }
}
