using System.Text;

namespace PasswordSync.DirectorySync.Connectors.ActiveDirectory;

/// <summary>AD takes passwords in <c>unicodePwd</c> as the UTF-16LE bytes of the password wrapped in double quotes.</summary>
internal static class AdPassword
{
    public static byte[] Encode(Secret password) => Encoding.Unicode.GetBytes("\"" + password.Reveal() + "\"");
}
