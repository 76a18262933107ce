using PasswordSync.Vault.Crypto;

namespace PasswordSync.Vault.Tests.Crypto;

public sealed class ApiKeyHasherTests
{
    private readonly Sha256ApiKeyHasher _hasher = new();

    [Fact]
    public void New_keys_are_prefixed_well_formed_and_distinct()
    {
        var keys = Enumerable.Range(0, 500).Select(_ => _hasher.NewApiKey()).ToList();

        Assert.All(keys, k => Assert.StartsWith("pws_", k, StringComparison.Ordinal));
        Assert.All(keys, k => Assert.Equal(47, k.Length));
        Assert.All(keys, k => Assert.True(_hasher.IsWellFormed(k)));
        Assert.Equal(keys.Count, keys.Distinct().Count());
        // 500 keys x 43 random characters: every character of the 62-letter alphabet shows up.
        Assert.Equal(62, keys.SelectMany(k => k[4..]).Distinct().Count());
    }

    [Fact]
    public void Hash_matches_only_the_same_key()
    {
        var key = _hasher.NewApiKey();
        var hash = _hasher.Hash(key);

        Assert.Equal(32, hash.Length);
        Assert.True(_hasher.Matches(key, hash));
        Assert.False(_hasher.Matches(_hasher.NewApiKey(), hash));
        Assert.False(_hasher.Matches(key[..^1] + (key[^1] == 'a' ? 'b' : 'a'), hash));
        Assert.False(_hasher.Matches(key, hash[..16]));
        Assert.Equal(hash, _hasher.Hash(key));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("pws_")]
    [InlineData("xyz_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("pws_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA-")]
    [InlineData("pws_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Malformed_keys_are_recognised(string? text) => Assert.False(_hasher.IsWellFormed(text));

    [Fact]
    public void Display_prefix_shows_only_four_random_characters()
    {
        var key = _hasher.NewApiKey();

        Assert.Equal(key[..8], _hasher.DisplayPrefix(key));
    }
}
