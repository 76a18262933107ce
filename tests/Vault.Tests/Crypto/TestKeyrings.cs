using PasswordSync.Vault.Keyrings;

namespace PasswordSync.Vault.Tests.Crypto;

/// <summary>Real key rings made with the production code, for tests (and for hosts that need one to start).</summary>
public static class TestKeyrings
{
    public static Keyring New() => Keyring.CreateNew(TimeProvider.System);

    /// <summary>The JSON a test host can pass as PASSWORDSYNC_VAULT_KEYRING.</summary>
    public static string NewJson() => KeyringJson.Serialize(New());

    /// <summary>A key ring holding a different random key under the same version numbers as <paramref name="keyring"/>.</summary>
    public static Keyring Impostor(Keyring keyring) =>
        new(keyring.Keys.Select(k => new KeyEncryptionKey(k.Version, System.Security.Cryptography.RandomNumberGenerator.GetBytes(32),
            k.CreatedAt)), keyring.ActiveVersion);
}
