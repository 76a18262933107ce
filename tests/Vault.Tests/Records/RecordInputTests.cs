using Google.Protobuf.WellKnownTypes;
using PasswordSync.Common.V1;
using PasswordSync.Vault.Crypto;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Records;
using PasswordSync.Vault.Validation;
using ModelRecord = PasswordSync.Vault.Model.PasswordRecord;
using ProtoRecord = PasswordSync.Vault.V1.Record;

namespace PasswordSync.Vault.Tests.Records;

public sealed class RecordInputTests
{
    private static readonly PasswordList AllFields = new()
    {
        Id = "list",
        Name = "All fields",
        Fields = new FieldConfiguration(
            StandardFields.Title | StandardFields.UserName | StandardFields.AccountType | StandardFields.Description
            | StandardFields.Url | StandardFields.Notes | StandardFields.ExpiryDate,
            [new GenericField("generic1", "Owner"), new GenericField("generic3", " domain OR host ")]),
    };

    private static readonly PasswordList TitleOnly = AllFields with
    {
        Fields = new FieldConfiguration(StandardFields.Title, []),
    };

    private static readonly ModelRecord Empty = new() { Id = "r1", ListId = "list", DataKey = new WrappedDataKey(1, [1]) };

    [Fact]
    public void Valid_record_is_accepted_and_domain_or_host_is_denormalised()
    {
        var (record, violations) = Create(AllFields, Valid());

        Assert.Empty(violations.Items);
        Assert.Equal("Backup service", record.Title);
        Assert.Equal("CORP\\svc-backup", record.UserName);
        Assert.Equal(AccountKind.Windows, record.AccountType);
        Assert.Equal("corp.example.com", record.DomainOrHost);
        Assert.Equal(new Dictionary<string, string> { ["generic1"] = "Team A", ["generic3"] = " corp.example.com " },
            record.GenericValues);
        Assert.Equal(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero), record.ExpiresAt);
    }

    [Fact]
    public void Values_for_fields_the_list_does_not_use_are_refused_naming_each_field()
    {
        var (_, violations) = Create(TitleOnly, Valid());

        Assert.Equal(
            ["record.account_type", "record.description", "record.expire_time", "record.generic_values.generic1",
                "record.generic_values.generic3", "record.notes", "record.url", "record.user_name"],
            violations.Items.Select(v => v.Field).Order(StringComparer.Ordinal));
        Assert.All(violations.Items.Where(v => !v.Field.Contains("generic", StringComparison.Ordinal)),
            v => Assert.Contains("does not use", v.Description, StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_generic_key_is_refused()
    {
        var input = Valid();
        input.GenericValues["generic7"] = "x";

        Assert.Equal(["record.generic_values.generic7"], Fields(Create(AllFields, input).Violations));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("Tab\there")]
    [InlineData("New\nline")]
    public void Title_is_required_and_single_line(string title)
    {
        var input = Valid();
        input.Title = title;

        Assert.Equal(["record.title"], Fields(Create(AllFields, input).Violations));
    }

    [Fact]
    public void Oversize_values_are_refused_and_limits_are_inclusive()
    {
        var atLimit = Valid();
        atLimit.Title = new string('t', 256);
        atLimit.Url = "https://h.example/" + new string('u', 2048 - 18);
        atLimit.Notes = new string('n', 16 * 1024);
        atLimit.Description = new string('d', 1024);
        atLimit.GenericValues["generic1"] = new string('g', 1024);
        Assert.Empty(Create(AllFields, atLimit).Violations.Items);

        var over = Valid();
        over.Title = new string('t', 257);
        over.Url = "https://h.example/" + new string('u', 2048 - 17);
        over.Notes = new string('é', 8 * 1024 + 1); // 2 UTF-8 bytes each: 16 KiB + 2 bytes
        over.Description = new string('d', 1025);
        over.GenericValues["generic1"] = new string('g', 1025);
        over.UserName = new string('a', 257);
        Assert.Equal(
            ["record.description", "record.generic_values.generic1", "record.notes", "record.title", "record.url",
                "record.user_name"],
            Fields(Create(AllFields, over).Violations));
    }

    [Fact]
    public void Notes_keep_line_breaks_but_refuse_other_control_characters()
    {
        var input = Valid();
        input.Notes = "line one\r\nline two\tindented";
        Assert.Empty(Create(AllFields, input).Violations.Items);

        input.Notes = "bell\a";
        Assert.Equal(["record.notes"], Fields(Create(AllFields, input).Violations));
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("/relative/path")]
    [InlineData("https://host/with space")]
    public void Url_must_be_absolute(string url)
    {
        var input = Valid();
        input.Url = url;

        Assert.Equal(["record.url"], Fields(Create(AllFields, input).Violations));
    }

    [Theory]
    [InlineData(AccountType.Unspecified)]
    [InlineData((AccountType)99)]
    public void Account_type_is_required_and_known_when_the_list_uses_it(AccountType type)
    {
        var input = Valid();
        input.AccountType = type;

        Assert.Equal(["record.account_type"], Fields(Create(AllFields, input).Violations));
    }

    [Theory]
    [InlineData(AccountType.Windows, AccountKind.Windows)]
    [InlineData(AccountType.Linux, AccountKind.Linux)]
    [InlineData(AccountType.Ldap, AccountKind.Ldap)]
    [InlineData(AccountType.Web, AccountKind.Web)]
    [InlineData(AccountType.Database, AccountKind.Database)]
    [InlineData(AccountType.Other, AccountKind.Other)]
    public void Every_account_type_maps_to_its_kind(AccountType type, AccountKind kind)
    {
        var input = Valid();
        input.AccountType = type;

        Assert.Equal(kind, Create(AllFields, input).Record.AccountType);
    }

    [Theory]
    [InlineData("CORP\\sub\\name")]
    [InlineData("uid=x,dc=example,dc=org")]
    [InlineData("name@")]
    public void Malformed_user_name_is_refused(string userName)
    {
        var input = Valid();
        input.UserName = userName;

        Assert.Equal(["record.user_name"], Fields(Create(AllFields, input).Violations));
    }

    [Fact]
    public void Generic_value_with_control_character_is_refused()
    {
        var input = Valid();
        input.GenericValues["generic3"] = "host\0name";

        Assert.Equal(["record.generic_values.generic3"], Fields(Create(AllFields, input).Violations));
    }

    [Fact]
    public void Masked_generic_value_updates_one_key_and_empty_value_removes_it()
    {
        var (record, _) = Create(AllFields, Valid());
        var violations = new Violations();
        var change = new ProtoRecord { GenericValues = { ["generic3"] = "other.example.com" } };

        var updated = RecordInput.Apply(record, change, ["generic_values.generic3", "generic_values.generic1"], AllFields,
            violations);

        Assert.Empty(violations.Items);
        Assert.Equal(new Dictionary<string, string> { ["generic3"] = "other.example.com" }, updated.GenericValues);
        Assert.Equal("other.example.com", updated.DomainOrHost);
        Assert.Equal(record.Title, updated.Title);
    }

    [Theory]
    [InlineData("title", true)]
    [InlineData("generic_values", true)]
    [InlineData("generic_values.generic10", true)]
    [InlineData("generic_values.generic11", false)]
    [InlineData("password", false)]
    [InlineData("version", false)]
    [InlineData("domain_or_host", false)]
    public void Only_editable_paths_are_known(string path, bool known) =>
        Assert.Equal(known, RecordInput.IsKnownPath(path));

    private static ProtoRecord Valid() => new()
    {
        ListId = "list",
        Title = "Backup service",
        UserName = "CORP\\svc-backup",
        AccountType = AccountType.Windows,
        Description = "Runs the nightly backup",
        Url = "https://backup.corp.example.com/",
        Notes = "Owned by infra",
        ExpireTime = Timestamp.FromDateTimeOffset(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero)),
        GenericValues = { ["generic1"] = "Team A", ["generic3"] = " corp.example.com " },
    };

    private static (ModelRecord Record, Violations Violations) Create(PasswordList list, ProtoRecord input)
    {
        var violations = new Violations();
        return (RecordInput.Apply(Empty, input, RecordInput.AllPaths, list, violations), violations);
    }

    private static IEnumerable<string> Fields(Violations violations) =>
        violations.Items.Select(v => v.Field).Distinct().Order(StringComparer.Ordinal);
}
