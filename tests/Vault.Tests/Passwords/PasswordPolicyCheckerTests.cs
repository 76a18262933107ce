using PasswordSync.Vault.Passwords;

namespace PasswordSync.Vault.Tests.Passwords;

public sealed class PasswordPolicyCheckerTests
{
    private static readonly PasswordPolicy Twelve = new() { Length = 12 };

    [Theory]
    [InlineData("Abcdefgh12!x")]
    [InlineData("Abcdefgh12!xLONGER~but-fine")]
    public void Compliant_character_passwords_pass(string password) =>
        Assert.True(PasswordPolicyChecker.Satisfies(Twelve, password));

    [Theory]
    [InlineData("Abcdefg12!x", "is shorter than 12 characters")]
    [InlineData("abcdefgh12!x", "has fewer than 1 uppercase characters")]
    [InlineData("ABCDEFGH12!X", "has fewer than 1 lowercase characters")]
    [InlineData("Abcdefghij!x", "has fewer than 1 digit characters")]
    [InlineData("Abcdefgh12xx", "has fewer than 1 symbol characters")]
    [InlineData("Abcdefgh12!x é", "contains a character the policy does not allow")]
    [InlineData("Abcdefgh12!x\n", "contains a control character")]
    public void Non_compliant_character_passwords_are_explained_without_quoting_them(string password, string expected)
    {
        var problems = PasswordPolicyChecker.Problems(Twelve, password);

        Assert.Contains(problems, p => p.StartsWith(expected, StringComparison.Ordinal));
        Assert.All(problems, p => Assert.DoesNotContain(password.Trim(), p, StringComparison.Ordinal));
    }

    [Fact]
    public void Excluded_and_disabled_characters_are_refused()
    {
        Assert.False(PasswordPolicyChecker.Satisfies(Twelve with { ExcludedCharacters = "!" }, "Abcdefgh12!x"));
        Assert.False(PasswordPolicyChecker.Satisfies(Twelve with { UseSymbols = false, MinSymbols = 0 }, "Abcdefgh12!x"));
    }

    [Theory]
    [InlineData("-", true, "Abacus-Zombie-Zoom-Acorn7!", true)]
    [InlineData("-", true, "Abacus-Zombie-Zoom7!", false)]
    [InlineData("-", true, "abacus-Zombie-Zoom-Acorn7!", false)]
    [InlineData("-", true, "Abacus-Zombie-Zoom-Qwzxy7!", false)]
    [InlineData("-", true, "Abacus-Zombie-Zoom-Acorn", false)]
    [InlineData("-", true, "Abacus-Zombie-Zoom-Acorn!7", false)]
    [InlineData("-", false, "abacus-zombie-zoom-acorn", true)]
    [InlineData("-", false, "abacus-zombie-zoom-acorn7!", false)]
    [InlineData("", true, "AbacusZombieZoomAcorn7!", true)]
    [InlineData("", true, "AbacusZombieZoom7!", false)]
    [InlineData("", false, "abacuszombiezoomacorn", true)]
    [InlineData("", false, "abacuszombiezoomacornx", false)]
    [InlineData("", false, "abacuszombiezoom", false)]
    public void Word_phrases_must_have_the_generators_shape(string separator, bool complexity, string password,
        bool expected)
    {
        var policy = new PasswordPolicy
        {
            Style = PasswordStyle.WordPhrase,
            WordCount = 4,
            WordSeparator = separator,
            WordPhraseComplexity = complexity,
        };

        Assert.Equal(expected, PasswordPolicyChecker.Satisfies(policy, password));
    }

    [Fact]
    public void Word_phrase_with_an_excluded_character_is_refused()
    {
        var policy = new PasswordPolicy { Style = PasswordStyle.WordPhrase, WordCount = 4, ExcludedCharacters = "!" };

        Assert.Equal(["contains a character from excluded_characters"],
            PasswordPolicyChecker.Problems(policy, "Abacus-Zombie-Zoom-Acorn7!"));
    }
}
