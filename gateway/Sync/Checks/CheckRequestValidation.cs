using System.Text.RegularExpressions;
using PasswordSync.ServiceDefaults;
using PasswordSync.V1;

namespace PasswordSync.Gateway.Sync.Checks;

/// <summary>
/// Edge validation of the check calls: every offending field is named (InvalidArgument with google.rpc.BadRequest)
/// before anything is read or tried. Descriptions never quote a password.
/// </summary>
internal static partial class CheckRequestValidation
{
    public const int MaxIdLength = 64;
    public const int MaxUserNameLength = 256;
    public const int MaxDomainOrHostLength = 255;
    public const int MaxPasswordLength = 1024;

    public static void Validate(CheckRecordPasswordRequest request)
    {
        var violations = new List<FieldViolation>();
        Id(violations, "record_id", request.RecordId);
        if (request.CandidatePassword.Length > 0)
        {
            Password(violations, "candidate_password", request.CandidatePassword);
        }

        ThrowIfAny(violations);
    }

    public static void Validate(CheckAccountPasswordRequest request)
    {
        var violations = new List<FieldViolation>();
        Id(violations, "list_id", request.ListId);
        Name(violations, "user_name", request.UserName, MaxUserNameLength);
        Name(violations, "domain_or_host", request.DomainOrHost, MaxDomainOrHostLength);
        if (request.CandidatePassword.Length == 0)
        {
            violations.Add(new FieldViolation("candidate_password", "is required: the password to check."));
        }
        else
        {
            Password(violations, "candidate_password", request.CandidatePassword);
        }

        ThrowIfAny(violations);
    }

    private static void Id(List<FieldViolation> violations, string field, string value)
    {
        if (value.Length == 0)
        {
            violations.Add(new FieldViolation(field, "is required."));
        }
        else if (value.Length > MaxIdLength || !IdPattern().IsMatch(value))
        {
            violations.Add(new FieldViolation(field, $"must be 1..{MaxIdLength} letters, digits, '-' or '_'."));
        }
    }

    private static void Name(List<FieldViolation> violations, string field, string value, int max)
    {
        if (value.Trim().Length == 0)
        {
            violations.Add(new FieldViolation(field, "is required."));
        }
        else if (value.Length > max)
        {
            violations.Add(new FieldViolation(field, $"is longer than {max} characters."));
        }
        else if (value.Any(char.IsControl))
        {
            violations.Add(new FieldViolation(field, "contains control characters."));
        }
    }

    private static void Password(List<FieldViolation> violations, string field, string value)
    {
        if (value.Length > MaxPasswordLength)
        {
            violations.Add(new FieldViolation(field, $"is longer than {MaxPasswordLength} characters."));
        }
        else if (value.Contains('\0', StringComparison.Ordinal))
        {
            violations.Add(new FieldViolation(field, "contains a NUL character, which no directory accepts."));
        }
    }

    private static void ThrowIfAny(List<FieldViolation> violations)
    {
        if (violations.Count > 0)
        {
            throw RpcErrors.InvalidArgument(violations);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex IdPattern();
}
