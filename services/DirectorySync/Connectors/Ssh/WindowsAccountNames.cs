using System.Text.RegularExpressions;
using PasswordSync.Common.V1;

namespace PasswordSync.DirectorySync.Connectors.Ssh;

/// <summary>
/// Local Windows account names, restricted to a safe subset of what Windows allows (at most 20 characters, none of
/// <c>" / \ [ ] : ; | = , + * ? &lt; &gt; @</c> nor quotes or control characters), so that a name placed in a
/// PowerShell single-quoted string can never end it.
/// </summary>
internal static partial class WindowsAccountNames
{
    public static string Validate(AccountName account)
    {
        if (!Pattern().IsMatch(account.Value))
        {
            throw new DirectoryException(FailureClass.Configuration, Reason.InvalidArgument,
                "A local Windows account name must be 1 to 20 letters, digits, '.', '_', '-' or inner spaces. "
                + "Nothing was sent to the host.");
        }

        return account.Value;
    }

    [GeneratedRegex(@"\A[A-Za-z0-9_-](?:[A-Za-z0-9._ -]{0,18}[A-Za-z0-9_-])?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
