using System.DirectoryServices.Protocols;
using System.Security.Cryptography;

namespace PasswordSync.DirectorySync.Connectors.OpenLdap;

/// <summary>
/// One bound connection to one server, used by one operation at a time (never shared across threads): then disposed,
/// or given back to its pool (<see cref="OpenLdapConnections"/>).
/// </summary>
internal sealed class LdapSession(LdapConnection connection, DirectoryEndpoint endpoint) : IDisposable
{
    public DirectoryEndpoint Endpoint { get; } = endpoint;

    /// <summary>The underlying connection, for the pool to take back after a clean operation.</summary>
    public LdapConnection Connection => connection;

    /// <summary>The server name reported to callers (and accepted back as a pin).</summary>
    public string Server => Endpoint.Host;

    public Task<SearchResponse> SearchAsync(string baseDn, string filter, SearchScope scope, string[] attributes,
        string accountForErrors, CancellationToken cancellationToken) =>
        SendAsync<SearchResponse>(new SearchRequest(baseDn, filter, scope, attributes), accountForErrors,
            cancellationToken);

    /// <summary>
    /// RFC 3062 Password Modify. Without <paramref name="userIdentity"/> the bound account changes its own password.
    /// The ppolicy request control is attached so a refusal says which rule failed.
    /// </summary>
    public async Task PasswordModifyAsync(string? userIdentity, Secret? oldPassword, Secret newPassword,
        string accountForErrors, CancellationToken cancellationToken)
    {
        var value = PasswordModifyRequest.EncodeValue(userIdentity, oldPassword?.Reveal(), newPassword.Reveal());
        try
        {
            var request = PasswordModifyRequest.Create(value);
            request.Controls.Add(PasswordPolicyControl.CreateRequest());
            await SendAsync<ExtendedResponse>(request, accountForErrors, cancellationToken);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(value);
        }
    }

    public void Dispose() => connection.Dispose();

    private async Task<T> SendAsync<T>(DirectoryRequest request, string accountForErrors,
        CancellationToken cancellationToken)
        where T : DirectoryResponse
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            // S.DS.Protocols is synchronous on Linux; keep it off the caller's thread.
            return (T)await Task.Run(() => connection.SendRequest(request), cancellationToken);
        }
        catch (Exception exception) when (exception is DirectoryException == false
            && exception is not OperationCanceledException)
        {
            throw LdapFailures.FromOperation(exception, Server, accountForErrors);
        }
    }
}
