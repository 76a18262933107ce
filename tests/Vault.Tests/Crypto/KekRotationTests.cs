using PasswordSync.Vault.Crypto;

namespace PasswordSync.Vault.Tests.Crypto;

/// <summary>Seal under KEK 1, add KEK 2, re-wrap, remove KEK 1: every secret still opens.</summary>
public sealed class KekRotationTests
{
    private readonly TimeProvider _time = TimeProvider.System;

    [Fact]
    public void After_rewrap_and_removal_of_the_old_kek_every_secret_still_opens()
    {
        var keyring1 = TestKeyrings.New();
        var before = new RecordCipher(keyring1);
        var records = Enumerable.Range(0, 20).Select(i => $"rec-{i}").ToList();
        var stored = records.ToDictionary(id => id, id =>
        {
            var key = before.NewDataKey(id);
            return (Key: key,
                Password: before.Seal(key, id, "password", $"secret-{id}"),
                History: before.Seal(key, id, "history/1", $"old-{id}"));
        });
        var target = before.SealStandalone("target-1", "privileged_password", "admin-secret");

        var keyring2 = keyring1.WithNewActiveKek(_time);
        var during = new RecordCipher(keyring2);
        Assert.Equal(2, during.ActiveKekVersion);
        // While the rotation runs, old and new wrappings both open.
        Assert.Equal("secret-rec-0", during.Open(stored["rec-0"].Key, "rec-0", "password", stored["rec-0"].Password));
        var rewrapped = records.ToDictionary(id => id, id => during.Rewrap(stored[id].Key, id));
        var targetRewrapped = during.RewrapStandalone("target-1", target);
        Assert.All(rewrapped.Values, k => Assert.Equal(2, k.KekVersion));
        Assert.Equal(2, during.StandaloneKekVersion(targetRewrapped));
        Assert.Equal(1, during.StandaloneKekVersion(target));

        var after = new RecordCipher(keyring2.WithoutKek(1));
        foreach (var id in records)
        {
            // Values sealed before the rotation are untouched: only their data key's wrapping changed.
            Assert.Equal($"secret-{id}", after.Open(rewrapped[id], id, "password", stored[id].Password));
            Assert.Equal($"old-{id}", after.Open(rewrapped[id], id, "history/1", stored[id].History));
        }

        Assert.Equal("admin-secret", after.OpenStandalone("target-1", "privileged_password", targetRewrapped));
        // And what was not re-wrapped is refused with the version to restore.
        var missed = Assert.Throws<SecretDecryptionException>(
            () => after.Open(stored["rec-3"].Key, "rec-3", "password", stored["rec-3"].Password));
        Assert.Equal(DecryptionFailure.UnknownKekVersion, missed.Failure);
        Assert.Equal(1, missed.KekVersion);
        Assert.Throws<SecretDecryptionException>(() => after.OpenStandalone("target-1", "privileged_password", target));
    }

    [Fact]
    public void Rewrap_returns_the_same_instance_when_already_under_the_active_kek()
    {
        var cipher = new RecordCipher(TestKeyrings.New());
        var key = cipher.NewDataKey("rec-1");
        var standalone = cipher.SealStandalone("target-1", "privileged_password", "x");

        Assert.Same(key, cipher.Rewrap(key, "rec-1"));
        Assert.Same(standalone, cipher.RewrapStandalone("target-1", standalone));
    }

    [Fact]
    public void Rewrap_refuses_a_key_of_another_owner_instead_of_blessing_it()
    {
        var keyring = TestKeyrings.New();
        var key = new RecordCipher(keyring).NewDataKey("rec-A");
        var rotated = new RecordCipher(keyring.WithNewActiveKek(_time));

        var error = Assert.Throws<SecretDecryptionException>(() => rotated.Rewrap(key, "rec-B"));
        Assert.Equal(DecryptionFailure.AuthenticationFailed, error.Failure);
    }

    [Fact]
    public void New_data_keys_after_rotation_use_the_new_kek_and_old_ciphers_cannot_open_them()
    {
        var keyring1 = TestKeyrings.New();
        var rotated = new RecordCipher(keyring1.WithNewActiveKek(_time));
        var key = rotated.NewDataKey("rec-1");
        var sealedValue = rotated.Seal(key, "rec-1", "password", "new");

        // An instance still on the old key ring says exactly which version it lacks.
        var error = Assert.Throws<SecretDecryptionException>(
            () => new RecordCipher(keyring1).Open(key, "rec-1", "password", sealedValue));
        Assert.Equal(DecryptionFailure.UnknownKekVersion, error.Failure);
        Assert.Equal(2, error.KekVersion);
    }
}
