using Microsoft.Extensions.Options;

namespace PasswordSync.Gateway.Internal;

/// <summary>
/// Loads the gateway's mutual-TLS credentials once (HTTP handlers are recycled; the files are not re-read for each),
/// or none when every internal address is local cleartext.
/// </summary>
internal sealed class InternalTlsCredentialsHolder(IOptions<InternalClientOptions> options) : IDisposable
{
    private readonly Lazy<InternalTlsCredentials?> _credentials = new(() =>
        options.Value.UsesTls ? InternalTlsCredentials.Load(options.Value) : null);

    public InternalTlsCredentials? Credentials => _credentials.Value;

    public void Dispose()
    {
        if (_credentials.IsValueCreated)
        {
            _credentials.Value?.Dispose();
        }
    }
}
