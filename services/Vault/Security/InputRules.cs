using System.Text.RegularExpressions;
using PasswordSync.ServiceDefaults;

namespace PasswordSync.Vault.Security;

/// <summary>
/// Collects every invalid field of a request, then refuses it with InvalidArgument naming all of them (the request
/// has changed nothing yet). Descriptions never echo a value: it could be a password.
/// </summary>
internal sealed partial class InputRules
{
    public const int MaxIdLength = 64;
    public const int MaxRequestIdLength = 128;
    public const int MaxPasswordLength = 512;

    private readonly List<FieldViolation> _violations = [];

    public InputRules Add(string field, string description)
    {
        _violations.Add(new FieldViolation(field, description));
        return this;
    }

    /// <summary>A batch's item count: at least one, at most <paramref name="max"/> (<paramref name="items"/>: "records").</summary>
    public InputRules BatchSize(string field, int count, int max, string items) => count switch
    {
        0 => Add(field, $"is required: at least one of the {items}."),
        _ when count > max => Add(field, $"holds {count} {items}; at most {max} per call."),
        _ => this,
    };

    /// <summary>An entity id: 1..64 letters, digits, '-' or '_'.</summary>
    public InputRules Id(string field, string value, bool required = true)
    {
        if (value.Length == 0)
        {
            return required ? Add(field, "is required.") : this;
        }

        return value.Length <= MaxIdLength && IdPattern().IsMatch(value)
            ? this
            : Add(field, $"must be 1..{MaxIdLength} letters, digits, '-' or '_'.");
    }

    /// <summary>A request id for idempotent writes: 1..128 letters, digits, '-', '_', '.', ':'.</summary>
    public InputRules RequestId(string field, string value) =>
        value.Length is > 0 and <= MaxRequestIdLength && RequestIdPattern().IsMatch(value)
            ? this
            : Add(field, $"is required: 1..{MaxRequestIdLength} letters, digits, '-', '_', '.' or ':' " +
                "(reuse it only to retry the same request).");

    /// <summary>Single-line text without control characters, at most <paramref name="max"/> characters.</summary>
    public InputRules Text(string field, string value, int max, bool required = false)
    {
        if (value.Length == 0)
        {
            return required ? Add(field, "is required.") : this;
        }

        if (value.Length > max)
        {
            return Add(field, $"is longer than {max} characters.");
        }

        return value.Any(char.IsControl) ? Add(field, "contains control characters.") : this;
    }

    /// <summary>
    /// A password: 1..512 characters without control characters (a newline would split it on the stdin of
    /// chpasswd, a NUL truncates it in native directory APIs).
    /// </summary>
    public InputRules Password(string field, string value, bool required = true)
    {
        if (value.Length == 0)
        {
            return required ? Add(field, "is required.") : this;
        }

        if (value.Length > MaxPasswordLength)
        {
            return Add(field, $"is longer than {MaxPasswordLength} characters.");
        }

        return value.Any(char.IsControl) ? Add(field, "contains control characters.") : this;
    }

    /// <summary>A positive duration between <paramref name="min"/> and <paramref name="max"/>.</summary>
    public InputRules Duration(string field, Google.Protobuf.WellKnownTypes.Duration? value, TimeSpan min,
        TimeSpan max, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (value is null)
        {
            return Add(field, $"is required ({min.TotalSeconds:0}s..{max.TotalSeconds:0}s).");
        }

        try
        {
            duration = value.ToTimeSpan();
        }
        catch (InvalidOperationException)
        {
            return Add(field, "is not a valid duration.");
        }

        return duration >= min && duration <= max
            ? this
            : Add(field, $"must be between {min.TotalSeconds:0}s and {max.TotalSeconds:0}s.");
    }

    public void ThrowIfAny()
    {
        if (_violations.Count > 0)
        {
            throw RpcErrors.InvalidArgument(_violations);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Za-z0-9_.:-]+$")]
    private static partial Regex RequestIdPattern();
}
