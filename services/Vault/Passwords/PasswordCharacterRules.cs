using System.Buffers;
using System.Text;

namespace PasswordSync.Vault.Passwords;

/// <summary>
/// Characters no password may contain, whoever chose it: control characters (CR, LF, NUL, TAB, DEL...) break the
/// line-based protocols passwords travel over (a password written to chpasswd's stdin ends at the first LF), line and
/// paragraph separators do the same in some tools, and an unpaired surrogate cannot be encoded, so the directory would
/// store something other than what the vault stores. Generated passwords never contain any of them.
/// </summary>
public static class PasswordCharacterRules
{
    /// <summary>Null when the text is acceptable; otherwise the problem, in words that never quote the password.</summary>
    public static string? FindProblem(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var remaining = password.AsSpan();
        while (!remaining.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(remaining, out var rune, out var consumed) != OperationStatus.Done)
            {
                return "contains an unpaired surrogate (invalid Unicode text)";
            }

            if (Rune.IsControl(rune))
            {
                return "contains a control character (such as a line break, tab or NUL)";
            }

            if (rune.Value is 0x2028 or 0x2029)
            {
                return "contains a Unicode line or paragraph separator";
            }

            remaining = remaining[consumed..];
        }

        return null;
    }

    public static bool HasForbiddenCharacters(string password) => FindProblem(password) is not null;
}
