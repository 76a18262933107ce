using System.Formats.Asn1;
using System.Text;
using PasswordSync.DirectorySync.Connectors.OpenLdap;

namespace PasswordSync.DirectorySync.Tests.OpenLdap;

public sealed class LdapEncodingTests
{
    [Fact]
    public void Password_modify_value_encodes_the_three_optional_fields_as_context_tags()
    {
        var longPassword = new string('x', 300);

        var value = PasswordModifyRequest.EncodeValue("uid=a,dc=x", "old-pw", longPassword);

        var sequence = new AsnReader(value, AsnEncodingRules.DER).ReadSequence();
        Assert.Equal("uid=a,dc=x", Encoding.UTF8.GetString(sequence.ReadOctetString(new Asn1Tag(TagClass.ContextSpecific, 0))));
        Assert.Equal("old-pw", Encoding.UTF8.GetString(sequence.ReadOctetString(new Asn1Tag(TagClass.ContextSpecific, 1))));
        Assert.Equal(longPassword, Encoding.UTF8.GetString(sequence.ReadOctetString(new Asn1Tag(TagClass.ContextSpecific, 2))));
        Assert.False(sequence.HasData);
    }

    [Fact]
    public void Password_modify_value_leaves_out_absent_fields()
    {
        var value = PasswordModifyRequest.EncodeValue(null, null, "new-pw");

        Assert.Equal([0x30, 0x08, 0x82, 0x06, .. "new-pw"u8], value);
    }

    [Fact]
    public void Ppolicy_response_error_is_decoded()
    {
        // What slapd sent for "too short": SEQUENCE { [1] 6 }.
        Assert.Equal(PasswordPolicyError.PasswordTooShort, PasswordPolicyControl.DecodeError([0x30, 0x03, 0x81, 0x01, 0x06]));
        Assert.Equal(PasswordPolicyError.PasswordInHistory, PasswordPolicyControl.DecodeError([0x30, 0x03, 0x81, 0x01, 0x08]));
        Assert.Null(PasswordPolicyControl.DecodeError([0x30, 0x00]));
    }
}
