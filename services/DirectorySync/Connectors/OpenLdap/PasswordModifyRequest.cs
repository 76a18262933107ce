using System.DirectoryServices.Protocols;
using System.Security.Cryptography;
using System.Text;

namespace PasswordSync.DirectorySync.Connectors.OpenLdap;

/// <summary>
/// The Password Modify extended operation (RFC 3062). Its request value is BER-encoded here by hand because the
/// buffer holds passwords: we own it and wipe it once the request has been sent.
/// <code>
/// PasswdModifyRequestValue ::= SEQUENCE {
///     userIdentity [0] OCTET STRING OPTIONAL,
///     oldPasswd    [1] OCTET STRING OPTIONAL,
///     newPasswd    [2] OCTET STRING OPTIONAL }
/// </code>
/// </summary>
internal static class PasswordModifyRequest
{
    public const string Oid = "1.3.6.1.4.1.4203.1.11.1";

    private const byte SequenceTag = 0x30;
    private const byte UserIdentityTag = 0x80;
    private const byte OldPasswordTag = 0x81;
    private const byte NewPasswordTag = 0x82;

    /// <summary>The BER value; the caller wipes it with <see cref="CryptographicOperations.ZeroMemory"/> after use.</summary>
    public static byte[] EncodeValue(string? userIdentity, string? oldPassword, string? newPassword)
    {
        var fields = new List<(byte Tag, byte[] Value)>(3);
        try
        {
            if (userIdentity is not null)
            {
                fields.Add((UserIdentityTag, Encoding.UTF8.GetBytes(userIdentity)));
            }

            if (oldPassword is not null)
            {
                fields.Add((OldPasswordTag, Encoding.UTF8.GetBytes(oldPassword)));
            }

            if (newPassword is not null)
            {
                fields.Add((NewPasswordTag, Encoding.UTF8.GetBytes(newPassword)));
            }

            var contentLength = fields.Sum(field => 1 + LengthOfLength(field.Value.Length) + field.Value.Length);
            var encoded = new byte[1 + LengthOfLength(contentLength) + contentLength];
            var position = WriteHeader(encoded, 0, SequenceTag, contentLength);
            foreach (var (tag, value) in fields)
            {
                position = WriteHeader(encoded, position, tag, value.Length);
                value.CopyTo(encoded, position);
                position += value.Length;
            }

            return encoded;
        }
        finally
        {
            foreach (var field in fields)
            {
                CryptographicOperations.ZeroMemory(field.Value);
            }
        }
    }

    public static ExtendedRequest Create(byte[] value) => new(Oid, value);

    private static int LengthOfLength(int length) => length switch
    {
        < 0x80 => 1,
        <= 0xFF => 2,
        <= 0xFFFF => 3,
        <= 0xFFFFFF => 4,
        _ => 5,
    };

    // Definite-length BER: short form below 128, otherwise 0x80 | number of big-endian length bytes.
    private static int WriteHeader(byte[] buffer, int position, byte tag, int length)
    {
        buffer[position++] = tag;
        var lengthOfLength = LengthOfLength(length);
        if (lengthOfLength == 1)
        {
            buffer[position++] = (byte)length;
            return position;
        }

        buffer[position++] = (byte)(0x80 | (lengthOfLength - 1));
        for (var shift = (lengthOfLength - 2) * 8; shift >= 0; shift -= 8)
        {
            buffer[position++] = (byte)(length >> shift);
        }

        return position;
    }
}
