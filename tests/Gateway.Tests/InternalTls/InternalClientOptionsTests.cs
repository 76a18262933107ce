using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PasswordSync.Gateway.Internal;
using PasswordSync.ServiceDefaults.InternalTls;

namespace PasswordSync.Gateway.Tests.InternalTls;

/// <summary>The gateway refuses to start with internal-call settings it cannot use, naming the key to fix.</summary>
public sealed class InternalClientOptionsTests : IDisposable
{
    private readonly string directory = System.IO.Directory.CreateTempSubdirectory("pwsync-gw-options-").FullName;
    private readonly InternalPkiFiles pki;

    public InternalClientOptionsTests() => pki = InternalPki.Ensure(directory);

    public void Dispose() => System.IO.Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task Complete_mutual_TLS_settings_start()
    {
        await using var clients = new InternalClientsHost(Settings());

        var options = clients.Services.GetRequiredService<IOptions<InternalClientOptions>>().Value;

        Assert.Equal("https://127.0.0.1:5101", options.VaultAddress);
        Assert.Equal(TimeSpan.FromSeconds(30), options.CallTimeout);
    }

    [Fact]
    public async Task An_address_under_Gateway_Internal_is_not_a_setting()
    {
        // The addresses have their own keys; a binder that also read Gateway:Internal:VaultAddress would let a
        // deployment believe it had moved the vault when the value is never used.
        await using var clients = new InternalClientsHost(Settings(
            ("Gateway:Internal:VaultAddress", "https://10.0.0.9:5101"),
            ("Gateway:Internal:DirectorySyncAddress", "https://10.0.0.9:5102")));

        var options = clients.Services.GetRequiredService<IOptions<InternalClientOptions>>().Value;

        Assert.Equal("https://127.0.0.1:5101", options.VaultAddress);
        Assert.Equal("https://127.0.0.1:5102", options.DirectorySyncAddress);
    }

    [Fact]
    public async Task The_start_fails_naming_a_missing_CA_file()
    {
        var missing = Path.Combine(directory, "no-such-ca.pem");

        var message = await StartFailureAsync(Settings(("Gateway:Internal:CaPath", missing)));

        Assert.Contains("Gateway:Internal:CaPath", message, StringComparison.Ordinal);
        Assert.Contains(missing, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_start_fails_naming_each_missing_client_credential()
    {
        var message = await StartFailureAsync(Settings(
            ("Gateway:Internal:ClientCertificatePath", null), ("Gateway:Internal:ClientKeyPath", null)));

        Assert.Contains("Gateway:Internal:ClientCertificatePath is required", message, StringComparison.Ordinal);
        Assert.Contains("Gateway:Internal:ClientKeyPath is required", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_that_does_not_match_the_certificate_fails_the_start()
    {
        var message = await StartFailureAsync(Settings(("Gateway:Internal:ClientKeyPath", pki.VaultKey)));

        Assert.Contains("Gateway:Internal: cannot load", message, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Gateway:Vault:Address", null)]
    [InlineData("Gateway:DirectorySync:Address", "")]
    [InlineData("Gateway:Vault:Address", "vault:5101")]
    [InlineData("Gateway:DirectorySync:Address", "ftp://127.0.0.1:5102")]
    [InlineData("Gateway:Vault:Address", "http://vault.example:5101")]
    public async Task A_missing_or_unusable_address_fails_the_start_naming_it(string key, string? value)
    {
        var message = await StartFailureAsync(Settings((key, value)));

        Assert.Contains(key, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Gateway:Internal:CallTimeout", "00:00:00")]
    [InlineData("Gateway:Internal:StreamingCallTimeout", "-00:00:01")]
    [InlineData("Gateway:Internal:MaxAttempts", "0")]
    [InlineData("Gateway:Internal:MaxAttempts", "6")]
    public async Task Bad_call_settings_fail_the_start_naming_them(string key, string value)
    {
        var message = await StartFailureAsync(Settings((key, value)));

        Assert.Contains(key, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Local_cleartext_addresses_need_no_certificates()
    {
        await using var clients = new InternalClientsHost(new Dictionary<string, string?>
        {
            ["Gateway:Vault:Address"] = "http://127.0.0.1:5101",
            ["Gateway:DirectorySync:Address"] = "http://localhost:5102",
        });

        var options = clients.Services.GetRequiredService<IOptions<InternalClientOptions>>().Value;

        Assert.Null(options.CaPath);
    }

    private Dictionary<string, string?> Settings(params (string Key, string? Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Gateway:Vault:Address"] = "https://127.0.0.1:5101",
            ["Gateway:DirectorySync:Address"] = "https://127.0.0.1:5102",
            ["Gateway:Internal:CaPath"] = pki.CaCertificate,
            ["Gateway:Internal:ClientCertificatePath"] = pki.GatewayCertificate,
            ["Gateway:Internal:ClientKeyPath"] = pki.GatewayKey,
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return settings;
    }

    // The options are validated on start (ValidateOnStart); resolving them runs the same validation.
    private static async Task<string> StartFailureAsync(Dictionary<string, string?> settings)
    {
        await using var clients = new InternalClientsHost(settings);
        var error = Assert.Throws<OptionsValidationException>(() =>
            clients.Services.GetRequiredService<IOptions<InternalClientOptions>>().Value);
        return error.Message;
    }
}
