using System.ComponentModel.DataAnnotations;

namespace PasswordSync.Gateway.Auth;

/// <summary>
/// <c>Gateway:Auth</c>: how API keys are checked, cached, rate-limited and bootstrapped.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Gateway:Auth";

    /// <summary>
    /// How long a successful key lookup is reused before the vault is asked again (default 30 s; 0 turns caching off).
    /// A key revoked in the vault (or reaching its expiry) is therefore refused by every gateway within this time (at
    /// once by the gateway that revoked it through the Admin API), and its use is audited (ApiKeyUsed, written by the
    /// vault's lookup) at most once per key and period.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ApiKeyCacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most keys held in the lookup cache at once (bounded memory whatever callers send).</summary>
    [Range(1, 1_000_000)]
    public int ApiKeyCacheSize { get; set; } = 10_000;

    /// <summary>Sustained requests per second allowed per API key (token bucket refill rate).</summary>
    [Range(0.01, 1_000_000)]
    public double RequestsPerSecondPerKey { get; set; } = 50;

    /// <summary>Requests a key may make at once before the sustained rate applies (token bucket size).</summary>
    [Range(1, 1_000_000)]
    public int RequestBurstPerKey { get; set; } = 100;

    /// <summary>
    /// Failed authentications (unknown, revoked or expired keys) allowed per client address and minute (default 30;
    /// 0 turns the limit off). Past it, keys not already known to this gateway are refused from that address without
    /// asking the vault, so a flood of made-up keys cannot load the vault; keys that were recently accepted keep working.
    /// </summary>
    [Range(0, 1_000_000)]
    public int FailedAuthenticationsPerMinutePerAddress { get; set; } = 30;

    /// <summary>Failed authentications an address may make at once before the per-minute rate applies.</summary>
    [Range(1, 1_000_000)]
    public int FailedAuthenticationBurstPerAddress { get; set; } = 20;

    /// <summary>
    /// An admin key to make sure exists in the vault at start-up ("pws_" and 43 letters or digits), for deployments
    /// that provision the key themselves. When unset, a key is generated on first start and written to
    /// <see cref="BootstrapKeyPath"/>.
    /// </summary>
    [RegularExpression("^pws_[A-Za-z0-9]{43}$",
        ErrorMessage = "Gateway:Auth:BootstrapKey must be 'pws_' followed by 43 letters or digits (256 random bits).")]
    public string? BootstrapKey { get; set; }

    /// <summary>
    /// Where the generated bootstrap admin key is written (default: bootstrap-admin.key in <c>Gateway:StateDirectory</c>,
    /// itself "state" under the content root by default).
    /// </summary>
    public string? BootstrapKeyPath { get; set; }

    /// <summary>How many times the bootstrap asks the vault before giving up (the vault may start after the gateway).</summary>
    [Range(1, 10_000)]
    public int BootstrapAttempts { get; set; } = 30;

    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan BootstrapRetryDelay { get; set; } = TimeSpan.FromSeconds(2);
}
