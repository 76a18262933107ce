using PasswordSync.DirectorySync.Connectors;
using PasswordSync.DirectorySync.Connectors.ActiveDirectory;

namespace PasswordSync.DirectorySync.Tests.ActiveDirectory;

/// <summary>
/// The AD bind sub-codes. The live DC tests cover 52e, 533, 773 and 775; Samba cannot produce logon-hour, workstation
/// or expiry refusals on demand here, so their mapping is pinned by this table.
/// </summary>
public sealed class AdBindCodeTests
{
    [Theory]
    [InlineData("52e", "Rejected", false)]
    [InlineData("525", "AccountNotFound", false)]
    [InlineData("530", "CorrectLogonRestricted", true)]
    [InlineData("531", "CorrectLogonRestricted", true)]
    [InlineData("532", "CorrectPasswordExpired", true)]
    [InlineData("533", "AccountDisabled", false)]
    [InlineData("701", "AccountExpired", false)]
    [InlineData("773", "CorrectMustChange", true)]
    [InlineData("775", "AccountLocked", false)]
    [InlineData(null, "Rejected", false)]
    [InlineData("999", "Rejected", false)]
    public void Sub_code_maps_to_the_outcome_and_only_correct_password_codes_prove_the_password(
        string? code, string expectedOutcome, bool proves)
    {
        // Outcomes travel as names: the connector model is internal, test methods are public.
        var expected = Enum.Parse<VerifyOutcome>(expectedOutcome);
        var outcome = AdBindCode.ToOutcome(code);
        Assert.Equal(expected, outcome);
        Assert.Equal(proves, new VerifyResult(outcome, "dc", "").PasswordIsCorrect);
    }
}
