using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace PasswordSync.Gateway.Tests.EndToEnd.Harness;

/// <summary>
/// The public API's HTTP/JSON face as a script would use it: JSON written by hand, answers read as JSON, and every
/// unexpected status reported with the body the gateway sent back.
/// </summary>
public static class JsonApi
{
    public static async Task<JsonNode> PostAsync(HttpClient http, string path, JsonNode body)
    {
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        using var response = await http.PostAsync(new Uri(path, UriKind.Relative), content,
            TestContext.Current.CancellationToken);
        return await ReadSuccessAsync(response, $"POST {path}");
    }

    public static async Task<JsonNode> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        return await ReadSuccessAsync(response, $"GET {path}");
    }

    /// <summary>A server-streaming method over HTTP: newline-delimited JSON objects, one per message.</summary>
    public static async Task<IReadOnlyList<JsonNode>> GetStreamAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative),
            HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            await ReadSuccessAsync(response, $"GET {path}");
        }

        var messages = new List<JsonNode>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));
        while (await reader.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                messages.Add(JsonNode.Parse(line) ?? throw new InvalidOperationException($"GET {path}: empty message."));
            }
        }

        return messages;
    }

    private static async Task<JsonNode> ReadSuccessAsync(HttpResponseMessage response, string call)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{call} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text) ?? throw new InvalidOperationException($"{call} answered no JSON.");
    }
}
