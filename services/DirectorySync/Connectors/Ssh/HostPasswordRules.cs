using PasswordSync.Common.V1;

namespace PasswordSync.DirectorySync.Connectors.Ssh;

/// <summary>Checks on a password before it is sent to a host, shared by the Linux and Windows connectors.</summary>
internal static class HostPasswordRules
{
    /// <summary>
    /// Refuses empty passwords and CR, LF or NUL: passwords travel as one line on stdin, and a line feed would let a
    /// second <c>user:password</c> line through to chpasswd (setting someone else's password).
    /// </summary>
    public static void Validate(Secret password, string what)
    {
        var value = password.Reveal();
        if (value.Length == 0 || value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
        {
            throw new DirectoryException(FailureClass.Configuration, Reason.InvalidArgument,
                $"The {what} is empty or contains a line break or NUL character, which a host cannot take safely: "
                + "choose a password without them. Nothing was sent to the host.");
        }
    }
}
