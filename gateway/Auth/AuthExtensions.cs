namespace PasswordSync.Gateway.Auth;

public static class AuthExtensions
{
    /// <summary>API-key authentication of every public call.</summary>
    public static WebApplicationBuilder AddGatewayAuth(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IApiKeyAuthenticator, VaultApiKeyAuthenticator>();
        builder.Services.AddSingleton<ApiKeyAuthInterceptor>();
        builder.Services.AddOptions<CandidateCheckOptions>().BindConfiguration(CandidateCheckOptions.Section);
        builder.Services.AddSingleton<ICandidateCheckLimiter, CandidateCheckLimiter>();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }
}
