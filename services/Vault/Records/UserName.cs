namespace PasswordSync.Vault.Records;

/// <summary>The three accepted shapes of a user name.</summary>
public enum UserNameForm
{
    /// <summary><c>name</c></summary>
    Plain,
    /// <summary><c>DOMAIN\name</c> (down-level logon name)</summary>
    DownLevel,
    /// <summary><c>name@domain</c> (user principal name)</summary>
    Principal,
}

/// <summary>A parsed user name: the account name and, for the qualified forms, its domain.</summary>
public sealed record UserName(UserNameForm Form, string Name, string Domain)
{
    public const int MaxLength = 256;
    public const int MaxNameLength = 104;
    public const int MaxDomainLength = 253;

    // Characters AD refuses in sAMAccountName, plus the separators of the other forms; they are refused everywhere
    // so a name always means the same account in every directory.
    private const string ForbiddenInName = "\"/\\[]:;|=,+*?<>@";

    /// <summary>Parses <paramref name="value"/>; on failure <paramref name="problem"/> says what is wrong (never echoing the value).</summary>
    public static UserName? TryParse(string value, out string problem)
    {
        problem = "";
        if (value.Length > MaxLength)
        {
            problem = $"is longer than {MaxLength} characters.";
            return null;
        }

        var backslash = value.IndexOf('\\', StringComparison.Ordinal);
        var at = value.IndexOf('@', StringComparison.Ordinal);
        if (backslash >= 0 && at >= 0)
        {
            problem = "mixes the DOMAIN\\name and name@domain forms; use one of name, DOMAIN\\name or name@domain.";
            return null;
        }

        if (backslash >= 0)
        {
            var domain = value[..backslash];
            var name = value[(backslash + 1)..];
            problem = DomainProblem(domain) ?? NameProblem(name) ?? "";
            return problem.Length == 0 ? new UserName(UserNameForm.DownLevel, name, domain) : null;
        }

        if (at >= 0)
        {
            var name = value[..at];
            var domain = value[(at + 1)..];
            problem = NameProblem(name) ?? DomainProblem(domain) ?? "";
            return problem.Length == 0 ? new UserName(UserNameForm.Principal, name, domain) : null;
        }

        problem = NameProblem(value) ?? "";
        return problem.Length == 0 ? new UserName(UserNameForm.Plain, value, "") : null;
    }

    private static string? NameProblem(string name)
    {
        if (name.Length == 0)
        {
            return "has an empty account name; use name, DOMAIN\\name or name@domain.";
        }

        if (name.Length > MaxNameLength)
        {
            return $"has an account name longer than {MaxNameLength} characters.";
        }

        if (name.Trim().Length != name.Length)
        {
            return "has spaces around the account name.";
        }

        if (name.EndsWith('.'))
        {
            return "has an account name ending with a dot.";
        }

        foreach (var c in name)
        {
            if (char.IsControl(c))
            {
                return "contains a control character.";
            }

            if (ForbiddenInName.Contains(c, StringComparison.Ordinal))
            {
                return $"contains '{c}', which account names may not contain; use name, DOMAIN\\name or name@domain.";
            }
        }

        return null;
    }

    // Down-level domains are NetBIOS names ("CORP") or DNS names ("corp.example.com"); principal suffixes are DNS names.
    // Both are checked as DNS-style labels: letters, digits and hyphens, not starting or ending with a hyphen.
    private static string? DomainProblem(string domain)
    {
        if (domain.Length == 0)
        {
            return "has an empty domain; use name, DOMAIN\\name or name@domain.";
        }

        if (domain.Length > MaxDomainLength)
        {
            return $"has a domain longer than {MaxDomainLength} characters.";
        }

        foreach (var label in domain.Split('.'))
        {
            if (label.Length is 0 or > 63)
            {
                return "has a domain with an empty or over-long part between dots.";
            }

            if (label[0] == '-' || label[^1] == '-' || !label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                return "has a domain that is not a valid domain name (letters, digits, hyphens and dots).";
            }
        }

        return null;
    }
}
