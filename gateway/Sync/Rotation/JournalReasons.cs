namespace PasswordSync.Gateway.Sync.Rotation;

/// <summary>
/// How reasons are written to the journal ("CODE: sentence", kept as the record's sync reason and in the audit detail
/// "rotation &lt;id&gt;: CODE: sentence"), and read back when a retried request asks for its first outcome.
/// </summary>
internal static class JournalReasons
{
    public static string Format(string reasonCode, string message)
    {
        var text = $"{reasonCode}: {message}";
        return text.Length <= 1000 ? text : text[..1000];
    }

    public static (string ReasonCode, string Message) Parse(string reason)
    {
        var separator = reason.IndexOf(": ", StringComparison.Ordinal);
        return separator > 0 && reason[..separator].All(c => char.IsAsciiLetterUpper(c) || c == '_')
            ? (reason[..separator], reason[(separator + 2)..])
            : ("", reason);
    }
}
