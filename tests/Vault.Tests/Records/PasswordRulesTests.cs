using Google.Protobuf.WellKnownTypes;
using PasswordSync.Vault.Records;
using PasswordSync.Vault.Validation;

namespace PasswordSync.Vault.Tests.Records;

public sealed class PasswordRulesTests
{
    [Theory]
    [InlineData("Correct-Horse-Battery-Staple-1!")]
    [InlineData("with inner spaces")]
    [InlineData("ünïcødé-Pässwörd")]
    public void Ordinary_passwords_are_accepted(string password) =>
        Assert.Empty(Check(password).Items);

    [Theory]
    [InlineData("line\nbreak")]
    [InlineData("tab\tinside")]
    [InlineData("nul\0inside")]
    [InlineData("separator\u2028inside")]
    public void Characters_no_directory_can_carry_are_refused_without_echoing_the_password(string password)
    {
        var violation = Assert.Single(Check(password).Items);

        Assert.Equal("password", violation.Field);
        Assert.DoesNotContain("inside", violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Unpaired_surrogate_is_refused()
    {
        // Built here: theory data goes through UTF-8 serialisation, which would replace the lone surrogate.
        var password = "lone" + (char)0xD800 + "surrogate";

        Assert.Equal(["password"], Check(password).Items.Select(v => v.Field));
    }

    [Fact]
    public void Length_limit_is_1024_characters_inclusive()
    {
        Assert.Empty(Check(new string('p', 1024)).Items);
        Assert.Equal(["password"], Check(new string('p', 1025)).Items.Select(v => v.Field));
    }

    [Fact]
    public void Required_password_must_not_be_empty_but_an_optional_one_may()
    {
        Assert.Equal(["password"], Check("").Items.Select(v => v.Field));
        var optional = new Violations();
        PasswordRules.Password(optional, "initial_password", "", required: false);
        Assert.Empty(optional.Items);
    }

    [Theory]
    [InlineData("", true, true)]
    [InlineData("   ", true, true)]
    [InlineData("", false, false)]
    [InlineData("Incident 42", true, false)]
    [InlineData("two\nlines", false, true)]
    public void Reasons_are_single_line_and_required_where_asked(string reason, bool required, bool refused)
    {
        var violations = new Violations();
        PasswordRules.Reason(violations, "reason", reason, required);

        Assert.Equal(refused, violations.Any);
    }

    [Fact]
    public void Update_masks_must_name_known_paths()
    {
        var known = new[] { "title", "notes" };
        var missing = new Violations();
        UpdateMasks.Paths(null, known.Contains, "title, notes", missing);
        var unknown = new Violations();
        UpdateMasks.Paths(FieldMask.FromString("title,password"), known.Contains, "title, notes", unknown);
        var fine = new Violations();
        var paths = UpdateMasks.Paths(FieldMask.FromString("notes,title,notes"), known.Contains, "title, notes", fine);

        Assert.Equal(["update_mask"], missing.Items.Select(v => v.Field));
        Assert.Equal(["update_mask"], unknown.Items.Select(v => v.Field));
        Assert.Contains("'password'", unknown.Items[0].Description, StringComparison.Ordinal);
        Assert.Empty(fine.Items);
        Assert.Equal(["notes", "title"], paths);
    }

    private static Violations Check(string password)
    {
        var violations = new Violations();
        PasswordRules.Password(violations, "password", password, required: true);
        return violations;
    }
}
