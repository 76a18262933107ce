using PasswordSync.Common.V1;

namespace PasswordSync.DirectorySync.Connectors;

/// <summary>How a directory failure must be treated: only <see cref="Transient"/> is ever retried.</summary>
internal enum FailureClass
{
    /// <summary>Server busy/unavailable, timeout, connection reset: retried, counted by the circuit breaker.</summary>
    Transient,
    /// <summary>Wrong password, locked/disabled account, change refused: never retried (retries lock accounts).</summary>
    Credential,
    /// <summary>The directory's password policy refused the new password (length, complexity, history, age).</summary>
    Policy,
    /// <summary>The privileged account lacks a right it needs.</summary>
    Permission,
    /// <summary>TLS trust, name mismatch, no such object, bad base DN: a person must fix the target's settings.</summary>
    Configuration,
    /// <summary>The operation cannot be done on this kind of target.</summary>
    Unsupported,
}

/// <summary>
/// A classified directory failure. The message says what to do and never contains a password: build it from fixed
/// text plus account names, servers and directory codes only.
/// </summary>
internal sealed class DirectoryException(FailureClass failureClass, Reason reason, string message,
    string? server = null, Exception? inner = null)
    : Exception(message, inner)
{
    public FailureClass FailureClass { get; } = failureClass;

    public Reason Reason { get; } = reason;

    /// <summary>The server (DC / host) that answered, when known.</summary>
    public string? Server { get; } = server;

    /// <summary>
    /// The account's own bind (a verify) may have reached the server before this failure: sending it again could
    /// count a second bad password, so the service layer neither retries nor fails over such a failure.
    /// </summary>
    public bool BindMayHaveBeenSent { get; private init; }

    /// <summary>
    /// True when the failure is the target's or the server's, not one account's: the server did not answer, the
    /// privileged credential or TLS trust failed, the kind is unsupported. A batch read fails whole on these; any
    /// other failure (no such account, several entries match the name, no right to read that account) leaves only that
    /// account out of a batch answer.
    /// </summary>
    public bool ConcernsWholeTarget => FailureClass is FailureClass.Transient or FailureClass.Unsupported
        || Reason is Reason.PrivilegedCredentials or Reason.TlsUntrusted or Reason.TlsNameMismatch;

    /// <summary>This failure, marked as happening after the account's bind was sent.</summary>
    public DirectoryException AfterBindSent() =>
        new(FailureClass, Reason, Message, Server, InnerException) { BindMayHaveBeenSent = true };
}
