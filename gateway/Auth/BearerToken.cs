namespace PasswordSync.Gateway.Auth;

/// <summary>Reads the key from an <c>Authorization: Bearer &lt;key&gt;</c> value.</summary>
internal static class BearerToken
{
    private const string Scheme = "Bearer ";

    public static string? Read(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var key = authorization[Scheme.Length..].Trim();
        return key.Length is > 0 and <= 512 ? key : null;
    }
}
