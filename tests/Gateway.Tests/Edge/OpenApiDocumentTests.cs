using System.Net;
using System.Text.Json;
using PasswordSync.Gateway.Tests.Harness;

namespace PasswordSync.Gateway.Tests.Edge;

/// <summary>The gateway serves the OpenAPI document of its HTTP/JSON face, without a key, with the protos' comments.</summary>
public sealed class OpenApiDocumentTests(BackendsFixture suite) : IClassFixture<BackendsFixture>
{
    [Fact]
    public async Task The_document_lists_the_public_routes_with_their_proto_comments_without_a_key()
    {
        using var http = suite.Gateway.CreateHttpClient(apiKey: null);

        using var response = await http.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative),
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(text);
        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/v1/records/{recordId}:saveAndSync", paths);
        Assert.Contains(paths, path => path.StartsWith("/v1/lists/{listId}", StringComparison.Ordinal));
        // A field comment from sync.proto: proto comments reach the document.
        Assert.Contains("Optional candidate password instead of the stored one", text, StringComparison.Ordinal);
        Assert.Equal("bearer", document.RootElement.GetProperty("components").GetProperty("securitySchemes")
            .GetProperty("ApiKey").GetProperty("scheme").GetString());
    }
}
