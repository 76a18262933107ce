using System.Net;
using System.Text.Json;

namespace PasswordSync.Gateway.Tests.Edge;

/// <summary>A google.rpc.Status JSON error body as the gateway writes it, read for assertions.</summary>
internal sealed record ErrorBody(HttpStatusCode HttpStatus, string Raw, int Code, string Message,
    IReadOnlyList<string> Reasons, IReadOnlyList<string> Fields)
{
    public static async Task<ErrorBody> ReadAsync(HttpResponseMessage response)
    {
        var raw = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(raw.Length > 0, $"HTTP {(int)response.StatusCode} came with an empty body");
        using var json = JsonDocument.Parse(raw);
        var root = json.RootElement;
        var details = root.TryGetProperty("details", out var list) ? list.EnumerateArray().ToList() : [];
        var reasons = details.Where(d => d.TryGetProperty("reason", out _))
            .Select(d => d.GetProperty("reason").GetString()!).ToList();
        var fields = details.Where(d => d.TryGetProperty("fieldViolations", out _))
            .SelectMany(d => d.GetProperty("fieldViolations").EnumerateArray())
            .Select(v => v.GetProperty("field").GetString()!).ToList();
        return new ErrorBody(response.StatusCode, raw, root.GetProperty("code").GetInt32(),
            root.GetProperty("message").GetString()!, reasons, fields);
    }
}
