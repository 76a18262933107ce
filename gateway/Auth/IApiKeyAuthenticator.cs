namespace PasswordSync.Gateway.Auth;

/// <summary>Turns an API key into the caller it belongs to, or throws Unauthenticated.</summary>
public interface IApiKeyAuthenticator
{
    Task<GatewayCaller> AuthenticateAsync(string apiKey, CancellationToken cancellationToken);
}
