using PasswordSync.Common.V1;
using PasswordSync.DirectorySync.Connectors;
using PasswordSync.ServiceDefaults;
using ProtoTarget = PasswordSync.Directory.V1.Target;

namespace PasswordSync.DirectorySync.Grpc;

/// <summary>
/// Checks requests at the edge, before any directory is touched, and turns them into the connector model. All
/// violations are collected so one InvalidArgument names every offending field.
/// </summary>
internal sealed class RequestValidator(List<FieldViolation> violations)
{
    public const int MaxAccountLength = 1024;
    public const int MaxPasswordLength = 512;

    /// <summary>The most accounts one batch state read may name (a sync report reads ahead ~20).</summary>
    public const int MaxBatchAccounts = 100;
    private const int MaxHostLength = 253;

    public static RequestValidator Start() => new([]);

    public void ThrowIfInvalid()
    {
        if (violations.Count > 0)
        {
            throw RpcErrors.InvalidArgument(violations);
        }
    }

    public DirectoryTarget? Target(ProtoTarget? target, TimeSpan defaultTimeout, string field = "target")
    {
        if (target is null)
        {
            Add(field, "is required");
            return null;
        }

        var kind = target.Kind switch
        {
            TargetKind.ActiveDirectory => DirectoryKind.ActiveDirectory,
            TargetKind.Ldap => DirectoryKind.Ldap,
            TargetKind.SshLinux => DirectoryKind.SshLinux,
            TargetKind.SshWindows => DirectoryKind.SshWindows,
            _ => (DirectoryKind?)null,
        };
        if (kind is null)
        {
            Add($"{field}.kind", "must be a known target kind");
        }

        var endpoints = Endpoints(target, field);
        if (string.IsNullOrWhiteSpace(target.PrivilegedAccount) || target.PrivilegedAccount.Length > MaxAccountLength)
        {
            Add($"{field}.privileged_account", $"is required (at most {MaxAccountLength} characters)");
        }

        if (target.PrivilegedPassword.Length == 0 || target.PrivilegedPassword.Length > MaxPasswordLength)
        {
            Add($"{field}.privileged_password", $"is required (at most {MaxPasswordLength} characters)");
        }

        if (kind is DirectoryKind.ActiveDirectory or DirectoryKind.Ldap && string.IsNullOrWhiteSpace(target.BaseDn))
        {
            Add($"{field}.base_dn", "is required for directory targets");
        }

        if (kind == DirectoryKind.ActiveDirectory)
        {
            if (target.AllowPlaintext)
            {
                Add($"{field}.allow_plaintext", "Active Directory accepts passwords over TLS only");
            }

            if (!target.AcceptAnyCertificate)
            {
                CaCertificate(target.CaCertificatePem, $"{field}.ca_certificate_pem");
            }
        }

        var timeout = target.OperationTimeout?.ToTimeSpan() ?? defaultTimeout;
        if (timeout <= TimeSpan.Zero || timeout > TimeSpan.FromMinutes(10))
        {
            Add($"{field}.operation_timeout", "must be between 0 and 10 minutes");
        }

        if (kind is null || endpoints.Count == 0)
        {
            return null;
        }

        return new DirectoryTarget(
            string.IsNullOrWhiteSpace(target.Id) ? "(unnamed)" : target.Id,
            kind.Value,
            endpoints,
            target.BaseDn,
            target.PrivilegedAccount,
            new Secret(target.PrivilegedPassword),
            string.IsNullOrWhiteSpace(target.CaCertificatePem) ? null : target.CaCertificatePem,
            target.AcceptAnyCertificate,
            target.AllowPlaintext,
            target.StartTls,
            string.IsNullOrWhiteSpace(target.SshHostKeyFingerprint) ? null : target.SshHostKeyFingerprint,
            timeout);
    }

    public AccountName Account(string account, string field = "account")
    {
        if (string.IsNullOrWhiteSpace(account) || account.Length > MaxAccountLength)
        {
            Add(field, $"is required (at most {MaxAccountLength} characters)");
        }

        return new AccountName(account);
    }

    /// <summary>
    /// 1 to <see cref="MaxBatchAccounts"/> accounts, each checked as <see cref="Account"/> (field "accounts[i]");
    /// the distinct names in request order (a name given twice, exactly, is read and answered once).
    /// </summary>
    public IReadOnlyList<AccountName> Accounts(IReadOnlyList<string> accounts, string field = "accounts")
    {
        if (accounts.Count is 0 or > MaxBatchAccounts)
        {
            Add(field, $"must name 1 to {MaxBatchAccounts} accounts (got {accounts.Count})");
            return [];
        }

        var distinct = new List<AccountName>(accounts.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < accounts.Count; i++)
        {
            var account = Account(accounts[i], $"{field}[{i}]");
            if (seen.Add(account.Value))
            {
                distinct.Add(account);
            }
        }

        return distinct;
    }

    public Secret Password(string password, string field)
    {
        if (password.Length == 0 || password.Length > MaxPasswordLength)
        {
            Add(field, $"is required (at most {MaxPasswordLength} characters)");
        }

        return new Secret(password);
    }

    /// <summary>A pinned server must be one of the target's endpoints ("host:port", or "host" when unique).</summary>
    public string? PinnedServer(string pinned, DirectoryTarget? target, string field = "pinned_server")
    {
        if (string.IsNullOrWhiteSpace(pinned) || target is null)
        {
            return null;
        }

        var matches = target.Endpoints.Where(e =>
            string.Equals(e.ToString(), pinned, StringComparison.OrdinalIgnoreCase)
            || string.Equals(e.Host, pinned, StringComparison.OrdinalIgnoreCase)).ToList();
        if (matches.Count != 1)
        {
            Add(field, "must name one of the target's endpoints (host:port)");
            return null;
        }

        return matches[0].ToString();
    }

    public void Add(string field, string description) => violations.Add(new FieldViolation(field, description));

    private List<DirectoryEndpoint> Endpoints(ProtoTarget target, string field)
    {
        if (target.Endpoints.Count == 0)
        {
            Add($"{field}.endpoints", "needs at least one server");
        }

        var endpoints = new List<DirectoryEndpoint>();
        for (var i = 0; i < target.Endpoints.Count; i++)
        {
            var endpoint = target.Endpoints[i];
            var ok = true;
            if (string.IsNullOrWhiteSpace(endpoint.Host) || endpoint.Host.Length > MaxHostLength
                || endpoint.Host.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '/' or '@' or ':'))
            {
                Add($"{field}.endpoints[{i}].host", "must be a host name or IPv4 address");
                ok = false;
            }

            if (endpoint.Port is 0 or > 65535)
            {
                Add($"{field}.endpoints[{i}].port", "must be between 1 and 65535");
                ok = false;
            }

            if (ok)
            {
                endpoints.Add(new DirectoryEndpoint(endpoint.Host, (int)endpoint.Port));
            }
        }

        return endpoints;
    }

    private void CaCertificate(string pem, string field)
    {
        if (string.IsNullOrWhiteSpace(pem))
        {
            Add(field, "is required unless accept_any_certificate is set (the CA that issued the DC's certificate)");
            return;
        }

        if (CaCertificateCheck.ProblemWith(pem) is { } problem)
        {
            Add(field, problem);
        }
    }
}
