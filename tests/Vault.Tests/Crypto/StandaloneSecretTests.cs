using PasswordSync.Vault.Crypto;

namespace PasswordSync.Vault.Tests.Crypto;

public sealed class StandaloneSecretTests
{
    private const string Secret = "Adm1n-P@ss-for-target";

    private readonly RecordCipher _cipher = new(TestKeyrings.New());

    [Fact]
    public void Standalone_secret_round_trips_and_reports_its_kek_version()
    {
        var sealedValue = _cipher.SealStandalone("target-1", "privileged_password", Secret);

        Assert.Equal(Secret, _cipher.OpenStandalone("target-1", "privileged_password", sealedValue));
        Assert.Equal(_cipher.ActiveKekVersion, _cipher.StandaloneKekVersion(sealedValue));
        Assert.Equal(-1, sealedValue.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(Secret)));
    }

    [Fact]
    public void Standalone_secret_is_bound_to_owner_and_field()
    {
        var sealedValue = _cipher.SealStandalone("target-1", "privileged_password", Secret);

        Assert.Throws<SecretDecryptionException>(() => _cipher.OpenStandalone("target-2", "privileged_password", sealedValue));
        Assert.Throws<SecretDecryptionException>(() => _cipher.OpenStandalone("target-1", "password", sealedValue));
    }

    [Fact]
    public void Every_altered_byte_of_a_standalone_secret_is_detected()
    {
        var sealedValue = _cipher.SealStandalone("target-1", "privileged_password", Secret);
        for (var i = 0; i < sealedValue.Length; i++)
        {
            var tampered = sealedValue.ToArray();
            tampered[i] ^= 0x04;
            var error = Assert.Throws<SecretDecryptionException>(
                () => _cipher.OpenStandalone("target-1", "privileged_password", tampered));
            Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_record_value_is_not_accepted_as_a_standalone_secret()
    {
        var key = _cipher.NewDataKey("target-1");
        var recordValue = _cipher.Seal(key, "target-1", "privileged_password", Secret);

        var error = Assert.Throws<SecretDecryptionException>(
            () => _cipher.OpenStandalone("target-1", "privileged_password", recordValue));
        Assert.Equal(DecryptionFailure.Malformed, error.Failure);
        Assert.Throws<SecretDecryptionException>(() => _cipher.StandaloneKekVersion([0x51, 0, 0]));
    }
}
