using PasswordSync.Vault.Crypto;

namespace PasswordSync.Vault.Tests.Crypto;

public sealed class RecordCipherTests
{
    private const string Secret = "Tr0ub4dor&3-hunter2";

    private readonly RecordCipher _cipher = new(TestKeyrings.New());

    [Theory]
    [InlineData("")]
    [InlineData("p")]
    [InlineData("Pässwörd-日本語-😀 with spaces")]
    [InlineData(Secret)]
    public void Sealed_value_opens_to_the_same_text(string plaintext)
    {
        var key = _cipher.NewDataKey("rec-1");
        var sealedValue = _cipher.Seal(key, "rec-1", "password", plaintext);

        Assert.Equal(plaintext, _cipher.Open(key, "rec-1", "password", sealedValue));
    }

    [Fact]
    public void Sealed_value_does_not_contain_the_plaintext_and_uses_a_fresh_nonce_each_time()
    {
        var key = _cipher.NewDataKey("rec-1");
        var first = _cipher.Seal(key, "rec-1", "password", Secret);
        var second = _cipher.Seal(key, "rec-1", "password", Secret);

        Assert.NotEqual(first, second);
        Assert.NotEqual(first.AsSpan(1, 12).ToArray(), second.AsSpan(1, 12).ToArray());
        Assert.Equal(-1, first.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(Secret)));
        Assert.Equal(1, first[0]);
    }

    [Fact]
    public void Each_data_key_is_fresh_and_wrapped_by_the_active_kek()
    {
        var a = _cipher.NewDataKey("rec-1");
        var b = _cipher.NewDataKey("rec-1");

        Assert.Equal(_cipher.ActiveKekVersion, a.KekVersion);
        Assert.NotEqual(a.Wrapped, b.Wrapped);
        // A value sealed under one record key does not open under another key of the same owner.
        var sealedValue = _cipher.Seal(a, "rec-1", "password", Secret);
        AssertFails(DecryptionFailure.AuthenticationFailed, () => _cipher.Open(b, "rec-1", "password", sealedValue));
    }

    public static TheoryData<string, int> TamperedPositions => new()
    {
        { "format byte", 0 },
        { "nonce", 1 },
        { "nonce end", 12 },
        { "ciphertext", 13 },
        { "tag", -1 },
        { "tag start", -16 },
    };

    [Theory]
    [MemberData(nameof(TamperedPositions))]
    public void Tampered_sealed_value_is_refused(string what, int position)
    {
        var key = _cipher.NewDataKey("rec-1");
        var sealedValue = _cipher.Seal(key, "rec-1", "password", Secret);
        var index = position >= 0 ? position : sealedValue.Length + position;
        sealedValue[index] ^= 0x01;

        var error = Assert.Throws<SecretDecryptionException>(() => _cipher.Open(key, "rec-1", "password", sealedValue));
        Assert.True(error.Failure is DecryptionFailure.AuthenticationFailed or DecryptionFailure.Malformed, what);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(20)]
    [InlineData(-1)]
    public void Tampered_wrapped_data_key_is_refused(int position)
    {
        var key = _cipher.NewDataKey("rec-1");
        var sealedValue = _cipher.Seal(key, "rec-1", "password", Secret);
        var wrapped = key.Wrapped.ToArray();
        wrapped[position >= 0 ? position : wrapped.Length + position] ^= 0x80;

        AssertFails(null, () => _cipher.Open(key with { Wrapped = wrapped }, "rec-1", "password", sealedValue));
    }

    [Fact]
    public void Truncated_or_empty_values_are_refused_as_malformed()
    {
        var key = _cipher.NewDataKey("rec-1");
        var sealedValue = _cipher.Seal(key, "rec-1", "password", Secret);

        AssertFails(DecryptionFailure.Malformed, () => _cipher.Open(key, "rec-1", "password", sealedValue[..20]));
        AssertFails(DecryptionFailure.Malformed, () => _cipher.Open(key, "rec-1", "password", []));
        AssertFails(DecryptionFailure.AuthenticationFailed,
            () => _cipher.Open(key, "rec-1", "password", sealedValue[..^1]));
        AssertFails(DecryptionFailure.Malformed, () => _cipher.Open(key with { Wrapped = key.Wrapped[..40] }, "rec-1",
            "password", sealedValue));
    }

    [Fact]
    public void Value_moved_to_another_record_is_refused_even_with_that_records_key()
    {
        var keyA = _cipher.NewDataKey("rec-A");
        var keyB = _cipher.NewDataKey("rec-B");
        var sealedA = _cipher.Seal(keyA, "rec-A", "password", Secret);

        // A's wrapped key and value copied to B: the key's wrap is bound to rec-A.
        var swapped = AssertFails(null, () => _cipher.Open(keyA, "rec-B", "password", sealedA));
        Assert.Equal("rec-B", swapped.OwnerId);
        Assert.Equal(DecryptionFailure.AuthenticationFailed, swapped.Failure);
        // Moved wholesale (record B's row now holds A's value), opened with B's key.
        AssertFails(DecryptionFailure.AuthenticationFailed, () => _cipher.Open(keyB, "rec-B", "password", sealedA));
    }

    [Fact]
    public void Wrapped_key_copied_to_another_owner_cannot_seal_either()
    {
        var keyA = _cipher.NewDataKey("rec-A");

        AssertFails(DecryptionFailure.AuthenticationFailed, () => _cipher.Seal(keyA, "rec-B", "password", Secret));
    }

    [Theory]
    [InlineData("password", "pending_password")]
    [InlineData("history/1", "history/2")]
    [InlineData("pending_password", "password")]
    public void Value_moved_to_another_field_is_refused(string sealedAs, string openedAs)
    {
        var key = _cipher.NewDataKey("rec-1");
        var sealedValue = _cipher.Seal(key, "rec-1", sealedAs, Secret);

        var error = AssertFails(DecryptionFailure.AuthenticationFailed, () => _cipher.Open(key, "rec-1", openedAs, sealedValue));
        Assert.Equal(openedAs, error.Field);
        Assert.Contains(openedAs, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Owner_and_field_boundaries_cannot_be_shifted()
    {
        // Length-prefixed AAD parts: ("rec-1h", "istory/1") must not equal ("rec-1", "history/1").
        var key = _cipher.NewDataKey("rec-1");
        var sealedValue = _cipher.Seal(key, "rec-1", "history/1", Secret);

        AssertFails(null, () => _cipher.Open(key, "rec-1h", "istory/1", sealedValue));
    }

    [Fact]
    public void A_different_key_under_the_same_version_is_refused_and_names_the_version()
    {
        var keyring = TestKeyrings.New();
        var cipher = new RecordCipher(keyring);
        var key = cipher.NewDataKey("rec-1");
        var sealedValue = cipher.Seal(key, "rec-1", "password", Secret);

        var impostor = new RecordCipher(TestKeyrings.Impostor(keyring));
        var error = AssertFails(DecryptionFailure.AuthenticationFailed, () => impostor.Open(key, "rec-1", "password", sealedValue));

        Assert.Equal(keyring.ActiveVersion, error.KekVersion);
        Assert.Contains($"KEK version {keyring.ActiveVersion}", error.Message, StringComparison.Ordinal);
        Assert.Contains("'rec-1'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'password'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_kek_version_missing_from_the_key_ring_is_refused_with_what_to_restore()
    {
        var key = _cipher.NewDataKey("rec-1");
        var sealedValue = _cipher.Seal(key, "rec-1", "password", Secret);

        var error = AssertFails(DecryptionFailure.UnknownKekVersion,
            () => _cipher.Open(key with { KekVersion = 7 }, "rec-1", "password", sealedValue));

        Assert.Equal(7, error.KekVersion);
        Assert.Contains("not in the key ring", error.Message, StringComparison.Ordinal);
        Assert.Contains("Restore a key ring that holds KEK version 7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Relabelled_kek_version_is_refused_because_the_version_is_authenticated()
    {
        var keyring = TestKeyrings.New().WithNewActiveKek(TimeProvider.System);
        var cipher = new RecordCipher(keyring);
        var key = cipher.NewDataKey("rec-1");
        var sealedValue = cipher.Seal(key, "rec-1", "password", Secret);

        AssertFails(DecryptionFailure.AuthenticationFailed,
            () => cipher.Open(key with { KekVersion = 1 }, "rec-1", "password", sealedValue));
    }

    [Fact]
    public void Invalid_arguments_are_refused_before_any_encryption()
    {
        var key = _cipher.NewDataKey("rec-1");

        Assert.Throws<ArgumentException>(() => _cipher.Seal(key, "", "password", Secret));
        Assert.Throws<ArgumentException>(() => _cipher.Seal(key, "rec-1", "", Secret));
        Assert.Throws<ArgumentException>(() => _cipher.Seal(key, "rec-1", "password", "bad\uD800surrogate"));
        Assert.Throws<ArgumentException>(() => _cipher.NewDataKey(new string('x', 2000)));
    }

    [Fact]
    public void One_cipher_serves_concurrent_callers()
    {
        var failures = 0;
        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var owner = $"rec-{i}";
            var key = _cipher.NewDataKey(owner);
            var plaintext = $"secret-{i}";
            if (_cipher.Open(key, owner, "password", _cipher.Seal(key, owner, "password", plaintext)) != plaintext)
            {
                Interlocked.Increment(ref failures);
            }
        });

        Assert.Equal(0, failures);
    }

    [Fact]
    public void One_owner_cipher_seals_and_opens_several_fields_exactly_as_the_one_by_one_calls()
    {
        var key = _cipher.NewDataKey("rec-1");
        var current = _cipher.Seal(key, "rec-1", "password", "old-" + Secret);

        byte[] history;
        byte[] next;
        using (var owner = _cipher.ForOwner(key, "rec-1"))
        {
            Assert.Equal("old-" + Secret, owner.Open("password", current));
            history = owner.Seal("history/h1", "old-" + Secret);
            next = owner.Seal("password", Secret);
            var again = owner.Seal("password", Secret);
            Assert.NotEqual(next.AsSpan(1, 12).ToArray(), again.AsSpan(1, 12).ToArray());
        }

        Assert.Equal("old-" + Secret, _cipher.Open(key, "rec-1", "history/h1", history));
        Assert.Equal(Secret, _cipher.Open(key, "rec-1", "password", next));
        // Still bound to owner and field.
        AssertFails(DecryptionFailure.AuthenticationFailed, () => _cipher.Open(key, "rec-1", "history/h2", history));
        AssertFails(DecryptionFailure.AuthenticationFailed, () => _cipher.Open(key, "rec-2", "password", next));
    }

    [Fact]
    public void One_owner_cipher_refuses_a_moved_value_and_a_foreign_key_as_the_one_by_one_calls_do()
    {
        var key = _cipher.NewDataKey("rec-1");
        var other = _cipher.NewDataKey("rec-2");
        var sealedValue = _cipher.Seal(key, "rec-1", "password", Secret);
        using var owner = _cipher.ForOwner(key, "rec-1");
        using var wrongOwner = _cipher.ForOwner(other, "rec-1");

        AssertFails(DecryptionFailure.AuthenticationFailed, () => owner.Open("pending_password", sealedValue));
        var error = AssertFails(DecryptionFailure.AuthenticationFailed, () => wrongOwner.Open("password", sealedValue));
        Assert.Contains("data key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_disposed_owner_cipher_cannot_be_used_again()
    {
        var key = _cipher.NewDataKey("rec-1");
        var owner = _cipher.ForOwner(key, "rec-1");
        owner.Seal("password", Secret);
        owner.Dispose();

        Assert.Throws<ObjectDisposedException>(() => owner.Seal("password", Secret));
    }

    private static SecretDecryptionException AssertFails(DecryptionFailure? expected, Func<object> action)
    {
        var error = Assert.Throws<SecretDecryptionException>(action);
        if (expected is { } failure)
        {
            Assert.Equal(failure, error.Failure);
        }

        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
        return error;
    }
}
