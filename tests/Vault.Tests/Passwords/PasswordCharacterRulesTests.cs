using PasswordSync.Vault.Passwords;

namespace PasswordSync.Vault.Tests.Passwords;

public sealed class PasswordCharacterRulesTests
{
    [Theory]
    [InlineData("line\nfeed", "control character")]
    [InlineData("carriage\rreturn", "control character")]
    [InlineData("nul\0byte", "control character")]
    [InlineData("tab\there", "control character")]
    [InlineData("delete\u007f", "control character")]
    [InlineData("c1\u0085next-line", "control character")]
    [InlineData("line\u2028separator", "line or paragraph separator")]
    public void Forbidden_characters_are_found_and_named_without_quoting_the_password(string password, string expected)
    {
        var problem = PasswordCharacterRules.FindProblem(password);

        Assert.NotNull(problem);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
        Assert.DoesNotContain(password, problem, StringComparison.Ordinal);
        Assert.True(PasswordCharacterRules.HasForbiddenCharacters(password));
    }

    [Fact]
    public void Unpaired_surrogates_are_found()
    {
        // Built in code: attribute arguments cannot carry lone surrogates (the compiler replaces them with U+FFFD).
        foreach (var password in new[] { new string(['a', '\uD800', 'b']), new string(['\uDC00']), new string(['x', '\uD83D']) })
        {
            Assert.Equal("contains an unpaired surrogate (invalid Unicode text)", PasswordCharacterRules.FindProblem(password));
        }
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("with spaces and p@ss~!")]
    [InlineData("Pässwörd-日本語")]
    [InlineData("emoji 😀 pair")]
    [InlineData("replacement \uFFFD char")]
    [InlineData("")]
    public void Ordinary_text_is_accepted(string password) => Assert.Null(PasswordCharacterRules.FindProblem(password));
}
