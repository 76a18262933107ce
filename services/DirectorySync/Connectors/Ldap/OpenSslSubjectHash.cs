using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace PasswordSync.DirectorySync.Connectors.Ldap;

/// <summary>
/// OpenSSL's subject-name hash (<c>openssl x509 -hash</c>, X509_NAME_hash_ex), the file name OpenSSL looks a CA up by
/// in a certificate directory (<c>&lt;hash&gt;.0</c>, what <c>openssl rehash</c> links). libldap built with OpenSSL
/// needs it; Debian's GnuTLS build reads every file of the folder, so the link costs nothing there.
/// The hash is SHA-1 over the canonical name: each RDN's SET re-encoded with string values as UTF8String, lower-cased
/// (ASCII only), trimmed and with inner whitespace runs collapsed, concatenated without the outer SEQUENCE; the first
/// four digest bytes read little-endian.
/// </summary>
internal static class OpenSslSubjectHash
{
    [SuppressMessage("Security", "CA5350", Justification = "OpenSSL defines this file-name hash as SHA-1; it is a "
        + "lookup key for the CA folder, not a security decision (the certificate itself is validated).")]
    public static string Compute(X509Certificate2 certificate)
    {
        var canonical = Canonicalize(certificate.SubjectName.RawData);
        var digest = SHA1.HashData(canonical);
        var hash = (uint)(digest[0] | (digest[1] << 8) | (digest[2] << 16) | (digest[3] << 24));
        return hash.ToString("x8");
    }

    private static byte[] Canonicalize(byte[] name)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        var rdns = new AsnReader(name, AsnEncodingRules.DER).ReadSequence();
        while (rdns.HasData)
        {
            var rdn = rdns.ReadSetOf();
            using (writer.PushSetOf())
            {
                while (rdn.HasData)
                {
                    var attribute = rdn.ReadSequence();
                    using (writer.PushSequence())
                    {
                        writer.WriteObjectIdentifier(attribute.ReadObjectIdentifier());
                        var tag = attribute.PeekTag();
                        if (IsCanonicalizedString(tag))
                        {
                            writer.WriteCharacterString(UniversalTagNumber.UTF8String,
                                CanonicalText(attribute.ReadCharacterString((UniversalTagNumber)tag.TagValue)));
                        }
                        else
                        {
                            writer.WriteEncodedValue(attribute.ReadEncodedValue().Span);
                        }
                    }
                }
            }
        }

        return writer.Encode();
    }

    private static bool IsCanonicalizedString(Asn1Tag tag) =>
        tag.TagClass == TagClass.Universal && (UniversalTagNumber)tag.TagValue is UniversalTagNumber.UTF8String
            or UniversalTagNumber.BMPString or UniversalTagNumber.UniversalString or UniversalTagNumber.PrintableString
            or UniversalTagNumber.T61String or UniversalTagNumber.IA5String or UniversalTagNumber.VisibleString;

    private static string CanonicalText(string value)
    {
        var text = new StringBuilder(value.Length);
        var pendingSpace = false;
        foreach (var character in value.Trim(' ', '\t', '\n', '\r', '\f', '\v'))
        {
            if (character is ' ' or '\t' or '\n' or '\r' or '\f' or '\v')
            {
                pendingSpace = true;
                continue;
            }

            if (pendingSpace)
            {
                text.Append(' ');
                pendingSpace = false;
            }

            text.Append(character < 0x80 ? char.ToLowerInvariant(character) : character);
        }

        return text.ToString();
    }
}
