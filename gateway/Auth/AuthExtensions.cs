namespace PasswordSync.Gateway.Auth;

public static class AuthExtensions
{
    /// <summary>API-key authentication of every public call.</summary>
    public static WebApplicationBuilder AddGatewayAuth(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IApiKeyAuthenticator, VaultApiKeyAuthenticator>();
        builder.Services.AddSingleton<ApiKeyAuthInterceptor>();
        return builder;
    }
}
