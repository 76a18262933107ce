using System.DirectoryServices.Protocols;
using System.Formats.Asn1;

namespace PasswordSync.DirectorySync.Connectors.OpenLdap;

/// <summary>The errors a ppolicy response control can carry (draft-behera-ldap-password-policy).</summary>
internal enum PasswordPolicyError
{
    PasswordExpired = 0,
    AccountLocked = 1,
    ChangeAfterReset = 2,
    PasswordModNotAllowed = 3,
    MustSupplyOldPassword = 4,
    InsufficientPasswordQuality = 5,
    PasswordTooShort = 6,
    PasswordTooYoung = 7,
    PasswordInHistory = 8,
}

/// <summary>
/// The password policy request control: sent with writes so the server says which rule refused a password
/// (the error text alone does not distinguish "too short" from other quality failures).
/// </summary>
internal static class PasswordPolicyControl
{
    public const string Oid = "1.3.6.1.4.1.42.2.27.8.5.1";

    public static DirectoryControl CreateRequest() => new(Oid, null, isCritical: false, serverSide: true);

    /// <summary>The error in the response control among <paramref name="controls"/>, when the server sent one.</summary>
    public static PasswordPolicyError? FindError(IEnumerable<DirectoryControl>? controls)
    {
        var control = controls?.FirstOrDefault(candidate => candidate.Type == Oid);
        var value = control?.GetValue();
        return value is { Length: > 0 } ? DecodeError(value) : null;
    }

    /// <summary>
    /// PasswordPolicyResponseValue ::= SEQUENCE { warning [0] CHOICE {...} OPTIONAL, error [1] ENUMERATED OPTIONAL }
    /// </summary>
    public static PasswordPolicyError? DecodeError(byte[] value)
    {
        try
        {
            var sequence = new AsnReader(value, AsnEncodingRules.BER).ReadSequence();
            while (sequence.HasData)
            {
                var tag = sequence.PeekTag();
                if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue == 1)
                {
                    var code = sequence.ReadInteger(new Asn1Tag(TagClass.ContextSpecific, 1));
                    return Enum.IsDefined(typeof(PasswordPolicyError), (int)code) ? (PasswordPolicyError)(int)code : null;
                }

                sequence.ReadEncodedValue();
            }
        }
        catch (AsnContentException)
        {
            // A malformed control from the server only loses the detail; the result code still classifies the failure.
        }

        return null;
    }
}
