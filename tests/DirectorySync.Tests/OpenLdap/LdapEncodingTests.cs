using System.Diagnostics;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
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
    public void Libldap_is_told_to_restart_calls_interrupted_by_signals()
    {
        // Without LDAP_OPT_RESTART, a SIGCHLD landing during connect made binds fail with "server down" now and then.
        Assert.True(LibLdapDefaults.EnsureApplied());
    }

    [Fact]
    public void Ppolicy_response_error_is_decoded()
    {
        // What slapd sent for "too short": SEQUENCE { [1] 6 }.
        Assert.Equal(PasswordPolicyError.PasswordTooShort, PasswordPolicyControl.DecodeError([0x30, 0x03, 0x81, 0x01, 0x06]));
        Assert.Equal(PasswordPolicyError.PasswordInHistory, PasswordPolicyControl.DecodeError([0x30, 0x03, 0x81, 0x01, 0x08]));
        Assert.Null(PasswordPolicyControl.DecodeError([0x30, 0x00]));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("*", @"\2a")]
    [InlineData("a*)(uid=*", @"a\2a\29\28uid=\2a")]
    [InlineData("back\\slash", @"back\5cslash")]
    [InlineData("nul\0", @"nul\00")]
    public void Filter_values_are_escaped_per_RFC_4515(string value, string expected) =>
        Assert.Equal(expected, LdapFilter.EscapeValue(value));

    [Theory]
    [InlineData("/CN=PasswordSync test CA")]
    [InlineData("/O=Example  Corp/OU=  Mixed Case   Unit /CN=Root CA")]
    [InlineData("/C=DE/ST=Bayern/CN=caf\u00e9 CA")]
    public void Subject_hash_matches_openssl(string subject)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(ToX500(subject), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
        var pemFile = Path.GetTempFileName();
        try
        {
            File.WriteAllText(pemFile, certificate.ExportCertificatePem());
            Assert.Equal(OpenSslHash(pemFile), OpenSslSubjectHash.Compute(certificate));
        }
        finally
        {
            File.Delete(pemFile);
        }
    }

    private static X500DistinguishedName ToX500(string subject)
    {
        var builder = new X500DistinguishedNameBuilder();
        foreach (var part in subject.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var (type, value) = (part[..part.IndexOf('=')], part[(part.IndexOf('=') + 1)..]);
            _ = type switch
            {
                "C" => Add(() => builder.AddCountryOrRegion(value)),
                "ST" => Add(() => builder.AddStateOrProvinceName(value)),
                "O" => Add(() => builder.AddOrganizationName(value)),
                "OU" => Add(() => builder.AddOrganizationalUnitName(value)),
                _ => Add(() => builder.AddCommonName(value)),
            };
        }

        return builder.Build();
    }

    private static bool Add(Action add)
    {
        add();
        return true;
    }

    private static string OpenSslHash(string pemFile)
    {
        using var openssl = Process.Start(new ProcessStartInfo("openssl", ["x509", "-noout", "-subject_hash", "-in", pemFile])
        {
            RedirectStandardOutput = true,
        })!;
        var output = openssl.StandardOutput.ReadToEnd().Trim();
        openssl.WaitForExit();
        return output;
    }
}
