using Microsoft.Extensions.DependencyInjection.Extensions;
using PasswordSync.Gateway.Auth.Bootstrap;
using PasswordSync.Gateway.Auth.RateLimiting;
using PasswordSync.ServiceDefaults;

namespace PasswordSync.Gateway.Auth;

public static class AuthExtensions
{
    /// <summary>
    /// API-key authentication of every public call (cached lookups, per-key rate limits), the per-account limit on
    /// candidate checks, and the bootstrap admin key at start-up. Options (<c>Gateway:Auth</c>) are read at run time.
    /// </summary>
    public static WebApplicationBuilder AddGatewayAuth(this WebApplicationBuilder builder)
    {
        builder.AddValidatedOptions<AuthOptions>(AuthOptions.Section);
        builder.AddValidatedOptions<CandidateCheckOptions>(CandidateCheckOptions.Section);
        builder.Services.AddSingleton<ApiKeyLookupCache>();
        builder.Services.AddSingleton<IApiKeyAuthenticator, VaultApiKeyAuthenticator>();
        builder.Services.AddSingleton<KeyRateLimiter>();
        builder.Services.AddSingleton<FailedAuthenticationLimiter>();
        builder.Services.AddSingleton<ApiKeyAuthInterceptor>();
        builder.Services.AddSingleton<ICandidateCheckLimiter, CandidateCheckLimiter>();
        builder.Services.AddHostedService<BootstrapAdminKeyService>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        return builder;
    }
}
