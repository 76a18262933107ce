using System.Security.Cryptography;
using System.Text;

namespace PasswordSync.Gateway.Auth;

/// <summary>
/// What the gateway keeps in memory in place of a key: its SHA-256, so a memory dump of the cache yields no usable key.
/// </summary>
internal static class ApiKeyFingerprint
{
    public static string Of(string apiKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)));
}
