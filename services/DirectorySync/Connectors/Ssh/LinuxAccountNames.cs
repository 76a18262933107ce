using System.Text.RegularExpressions;
using PasswordSync.Common.V1;

namespace PasswordSync.DirectorySync.Connectors.Ssh;

/// <summary>
/// Linux user names as useradd accepts them by default. Only names that match are ever put in a command line, so
/// they need no quoting and cannot inject anything.
/// </summary>
internal static partial class LinuxAccountNames
{
    public static string Validate(AccountName account)
    {
        if (!Pattern().IsMatch(account.Value))
        {
            throw new DirectoryException(FailureClass.Configuration, Reason.InvalidArgument,
                "A Linux user name must match ^[a-z_][a-z0-9_-]{0,31}$? (lower-case letters, digits, '_' and '-', "
                + "at most 32 characters, an optional trailing '$'). Nothing was sent to the host.");
        }

        return account.Value;
    }

    [GeneratedRegex(@"\A[a-z_][a-z0-9_-]{0,31}\$?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
