using PasswordSync.Vault.Keyrings;

namespace PasswordSync.Vault.Tests.Crypto;

public sealed class KeyringJsonTests
{
    private const string KeyA = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    [Fact]
    public void Serialized_key_ring_parses_back_to_the_same_keys()
    {
        var keyring = TestKeyrings.New().WithNewActiveKek(TimeProvider.System);

        var parsed = KeyringJson.Parse(KeyringJson.Serialize(keyring));

        Assert.Equal(keyring.ActiveVersion, parsed.ActiveVersion);
        Assert.Equal(keyring.Versions, parsed.Versions);
        Assert.Equal(keyring.Keys.Select(k => k.Material), parsed.Keys.Select(k => k.Material));
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("""{"formatVersion":1,"activeVersion":1,"keys":[{"version":1,"key":"KEYA" x}]}""", "not valid JSON (line 1, byte")]
    [InlineData("""{"formatVersion":1,"activeVersion":1,"keys":[{"version":1,"key":"KEYA""", "not valid JSON")]
    [InlineData("[]", "must be an object")]
    [InlineData("""{"activeVersion":1,"keys":[]}""", "formatVersion")]
    [InlineData("""{"formatVersion":2,"activeVersion":1,"keys":[]}""", "reads format 1 only")]
    [InlineData("""{"formatVersion":1,"keys":[]}""", "activeVersion")]
    [InlineData("""{"formatVersion":1,"activeVersion":1}""", "\"keys\"")]
    [InlineData("""{"formatVersion":1,"activeVersion":1,"keys":[]}""", "no KEK")]
    [InlineData("""{"formatVersion":1,"activeVersion":2,"keys":[{"version":1,"key":"KEYA"}]}""", "active version is 2")]
    [InlineData("""{"formatVersion":1,"activeVersion":1,"keys":[{"version":1,"key":"KEYA"},{"version":1,"key":"KEYA"}]}""", "more than once")]
    [InlineData("""{"formatVersion":1,"activeVersion":1,"keys":[{"version":0,"key":"KEYA"}]}""", "start at 1")]
    [InlineData("""{"formatVersion":1,"activeVersion":1,"keys":[{"version":1,"key":"AAEC"}]}""", "24 bits long")]
    [InlineData("""{"formatVersion":1,"activeVersion":1,"keys":[{"version":1,"key":"**"}]}""", "base64")]
    [InlineData("""{"formatVersion":1,"activeVersion":1,"keys":[{"version":1,"key":"KEYA","createdAt":"soon"}]}""", "createdAt")]
    public void Invalid_key_rings_are_refused_with_the_reason_and_no_key_material(string json, string expected)
    {
        var error = Assert.Throws<InvalidKeyringException>(() => KeyringJson.Parse(json.Replace("KEYA", KeyA, StringComparison.Ordinal)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(KeyA, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'", error.Message, StringComparison.Ordinal); // no quoted input character
        Assert.Null(error.InnerException); // whose message could quote the input
    }
}
