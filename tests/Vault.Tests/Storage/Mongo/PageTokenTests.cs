using MongoDB.Bson;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.Storage.Mongo;

namespace PasswordSync.Vault.Tests.Storage.Mongo;

public sealed class PageTokenTests
{
    private static readonly string Scope = KeysetPager.Scope("records", "list-1", "web", null, "False", "False");

    [Fact]
    public void A_token_gives_back_the_position_for_the_same_query()
    {
        var token = PageTokens.Encode(Scope, new BsonDocument("id", "rec-42"));

        Assert.Equal("rec-42", PageTokens.Decode(token, Scope)!["id"].AsString);
        Assert.Null(PageTokens.Decode(null, Scope));
        Assert.Null(PageTokens.Decode("", Scope));
    }

    [Fact]
    public void A_token_from_another_query_is_refused()
    {
        var token = PageTokens.Encode(Scope, new BsonDocument("id", "rec-42"));
        var otherQuery = KeysetPager.Scope("records", "list-2", "web", null, "False", "False");

        var error = Assert.Throws<StoreException>(() => PageTokens.Decode(token, otherQuery));
        Assert.Equal(StoreError.InvalidPageToken, error.Error);
    }

    [Fact]
    public void A_missing_criterion_and_an_empty_one_are_different_queries()
    {
        Assert.NotEqual(KeysetPager.Scope("records", "l", null), KeysetPager.Scope("records", "l", ""));
    }

    [Theory]
    [InlineData("not a token")]
    [InlineData("AAAA")]
    [InlineData("eyJpZCI6InJlYy00MiJ9")]
    public void A_forged_token_is_refused(string token)
    {
        var error = Assert.Throws<StoreException>(() => PageTokens.Decode(token, Scope));
        Assert.Equal(StoreError.InvalidPageToken, error.Error);
    }
}
