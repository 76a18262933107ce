using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PasswordSync.Vault.Crypto;
using PasswordSync.Vault.Keyrings;
using PasswordSync.Vault.Passwords;

namespace PasswordSync.Vault.Tests.Crypto;

/// <summary>The vault refuses to start without a usable key ring, and says how to create one.</summary>
public sealed class KeyringStartupTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("pwsync-startup-").FullName;
    private readonly CapturingLoggerProvider _logs = new();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Start_up_fails_without_a_key_ring_and_says_how_to_create_one()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(new()));

        Assert.Contains("No key ring is configured", error.Message, StringComparison.Ordinal);
        Assert.Contains("dotnet PasswordSync.Vault.dll create-keyring <path>", error.Message, StringComparison.Ordinal);
        Assert.Contains("Vault__KeyringFile=<path>", error.Message, StringComparison.Ordinal);
        Assert.Contains("PASSWORDSYNC_VAULT_KEYRING", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_up_fails_when_the_configured_file_does_not_exist()
    {
        var path = Path.Combine(_directory, "missing.json");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => StartAsync(new() { ["Vault:KeyringFile"] = path }));

        Assert.Contains($"{path} (Vault:KeyringFile) does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("restore the key ring it was using from your backup", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_up_fails_on_an_invalid_inline_key_ring_without_echoing_it()
    {
        const string json = """{"formatVersion":1,"activeVersion":1,"keys":[{"version":1,"key":"c2hvcnQ="}]}""";

        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => StartAsync(new() { ["PASSWORDSYNC_VAULT_KEYRING"] = json }));

        Assert.Contains("The key ring in PASSWORDSYNC_VAULT_KEYRING is invalid", error.Message, StringComparison.Ordinal);
        Assert.Contains("must be 256 bits", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("c2hvcnQ=", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_up_fails_when_both_a_file_and_an_inline_key_ring_are_configured()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(new()
        {
            ["Vault:KeyringFile"] = WriteKeyring(UnixFileMode.UserRead | UnixFileMode.UserWrite),
            ["PASSWORDSYNC_VAULT_KEYRING"] = TestKeyrings.NewJson(),
        }));

        Assert.Contains("Keep exactly one of them", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_ring_file_makes_the_crypto_services_work()
    {
        var path = WriteKeyring(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        using var host = await StartAsync(new() { ["Vault:KeyringFile"] = path });

        var cipher = host.Services.GetRequiredService<IRecordCipher>();
        var key = cipher.NewDataKey("rec-1");
        Assert.Equal("s3cret!", cipher.Open(key, "rec-1", "password", cipher.Seal(key, "rec-1", "password", "s3cret!")));
        Assert.NotEmpty(host.Services.GetRequiredService<IPasswordGenerator>().Generate(PasswordPolicy.Default));
        Assert.True(host.Services.GetRequiredService<IApiKeyHasher>().IsWellFormed(
            host.Services.GetRequiredService<IApiKeyHasher>().NewApiKey()));
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Contains(_logs.Entries, e => e.EventId.Id == 1102);
        var keyText = Convert.ToBase64String(KeyringFile.Read(path).Keys.Single().Material);
        Assert.DoesNotContain(_logs.Entries, e => e.Message.Contains(keyText, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_inline_key_ring_works_like_a_file()
    {
        var keyring = TestKeyrings.New();
        var sealedValue = new RecordCipher(keyring).SealStandalone("t-1", "privileged_password", "pw");

        using var host = await StartAsync(new() { ["PASSWORDSYNC_VAULT_KEYRING"] = KeyringJson.Serialize(keyring) });

        Assert.Equal("pw", host.Services.GetRequiredService<IRecordCipher>().OpenStandalone("t-1", "privileged_password", sealedValue));
    }

    [Fact]
    public async Task A_key_ring_file_readable_by_others_is_used_but_logged_as_a_warning()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes do not exist on Windows.");
        var path = WriteKeyring(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        using var host = await StartAsync(new() { ["Vault:KeyringFile"] = path });
        _ = host.Services.GetRequiredService<IRecordCipher>();

        var warning = Assert.Single(_logs.Entries, e => e.Level == LogLevel.Warning);
        Assert.Equal(1101, warning.EventId.Id);
        Assert.Contains($"chmod 600 {path}", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolving_the_cipher_without_a_key_ring_throws_the_same_clear_message()
    {
        var services = new ServiceCollection().AddLogging()
            .AddVaultCrypto(new ConfigurationBuilder().Build());
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<KeyringUnavailableException>(() => provider.GetRequiredService<IRecordCipher>());
        Assert.Contains("create-keyring", error.Message, StringComparison.Ordinal);
    }

    private string WriteKeyring(UnixFileMode mode)
    {
        var path = Path.Combine(_directory, $"{Guid.NewGuid():N}.json");
        KeyringFile.CreateNew(path, TestKeyrings.New());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }

        return path;
    }

    private async Task<IHost> StartAsync(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddProvider(_logs);
        builder.Services.AddVaultCrypto(builder.Configuration);
        var host = builder.Build();
        try
        {
            await host.StartAsync(TestContext.Current.CancellationToken);
            // Like the gRPC services will: resolve the cipher (this builds the key ring singleton and logs).
            _ = host.Services.GetRequiredService<IRecordCipher>();
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }
}
