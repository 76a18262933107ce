using System.Text.Json;
using Google.Api;
using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using PasswordSync.Gateway.Edge.StrictJson;
using PasswordSync.ServiceDefaults;
using PasswordSync.V1;

namespace PasswordSync.Gateway.Tests.Edge;

/// <summary>
/// The strict proto3-JSON rules on their own, against the real descriptors of the public API: every shape of bad
/// input is refused with the field's name and without its value, and every valid shape passes.
/// </summary>
public sealed class StrictJsonRulesTests
{
    private const string Secret = "Sup3r-Secret-Value!";

    private static TranscodedRoute Route(string service, string method)
    {
        var descriptor = V1.Sync.Descriptor.File.Services.Concat(Lists.Descriptor.File.Services)
            .Concat(Records.Descriptor.File.Services).Concat(Admin.Descriptor.File.Services)
            .Single(s => s.Name == service).FindMethodByName(method);
        var rule = descriptor.GetOptions().GetExtension(AnnotationsExtensions.Http);
        return TranscodedRoute.For(new GrpcJsonTranscodingMetadata(descriptor, rule));
    }

    private static IReadOnlyList<FieldViolation> Body(TranscodedRoute route, string json)
    {
        using var document = JsonDocument.Parse(json);
        return route.BodyField is { } field
            ? ProtoJsonValidator.ValidateField(document.RootElement.Clone(), field)
            : ProtoJsonValidator.ValidateMessage(document.RootElement.Clone(), route.RequestType, route.PathFields);
    }

    private static IReadOnlyList<FieldViolation> Query(TranscodedRoute route, params (string Name, string Value)[] pairs) =>
        QueryStringValidator.Validate(new QueryCollection(pairs.GroupBy(p => p.Name)
            .ToDictionary(g => g.Key, g => new StringValues(g.Select(p => p.Value).ToArray()))), route);

    private static void AssertRefused(IReadOnlyList<FieldViolation> violations, string field)
    {
        Assert.Contains(violations, v => v.Field == field);
        Assert.DoesNotContain(violations, v => v.Description.Contains(Secret, StringComparison.Ordinal));
    }

    [Fact]
    public void A_misspelt_password_field_is_refused_by_name_with_the_right_names_listed()
    {
        var violations = Body(Route("Sync", "SaveAndSync"), $$"""{"version": 3, "pasword": "{{Secret}}"}""");

        var violation = Assert.Single(violations);
        Assert.Equal("pasword", violation.Field);
        Assert.Contains("newPassword", violation.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, violation.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"newPassword": "p", "version": 3, "verifyAfterSet": true, "requestId": "r"}""")]
    [InlineData("""{"new_password": "p", "version": "3", "verify_after_set": false}""")]
    [InlineData("""{"version": null, "newPassword": null}""")]
    [InlineData("""{}""")]
    public void Valid_bodies_in_either_naming_pass(string json) =>
        Assert.Empty(Body(Route("Sync", "SaveAndSync"), json));

    [Theory]
    [InlineData("""{"version": "three"}""", "version")]
    [InlineData("""{"version": 1.5}""", "version")]
    [InlineData("""{"version": 99999999999999999999}""", "version")]
    [InlineData("""{"verifyAfterSet": "yes"}""", "verifyAfterSet")]
    [InlineData("""{"newPassword": 12345}""", "newPassword")]
    [InlineData("""{"newPassword": ["Sup3r-Secret-Value!"]}""", "newPassword")]
    [InlineData("""{"newPassword": {"value": "Sup3r-Secret-Value!"}}""", "newPassword")]
    [InlineData("""{"newPassword": "a", "new_password": "Sup3r-Secret-Value!"}""", "new_password")]
    [InlineData("""{"recordId": "other"}""", "recordId")]
    [InlineData("""["Sup3r-Secret-Value!"]""", "(body)")]
    public void Wrong_types_duplicates_and_path_fields_in_the_body_are_refused_by_name(string json, string field) =>
        AssertRefused(Body(Route("Sync", "SaveAndSync"), json), field);

    [Theory]
    [InlineData("""{"name": "n", "policy": {"lenght": 20}}""", "policy.lenght")]
    [InlineData("""{"name": "n", "policy": {"style": "PASSWORD_STYLE_PHRASE"}}""", "policy.style")]
    [InlineData("""{"name": "n", "policy": {"style": 42}}""", "policy.style")]
    [InlineData("""{"name": "n", "standardFields": ["STANDARD_FIELD_TITLE", "TITLE"]}""", "standardFields[1]")]
    [InlineData("""{"name": "n", "genericFields": [{"key": "generic1", "lable": "Domain or Host"}]}""", "genericFields[0].lable")]
    [InlineData("""{"name": "n", "genericFields": [null]}""", "genericFields[0]")]
    [InlineData("""{"name": "n", "preventReuseCount": 3000000000}""", "preventReuseCount")]
    [InlineData("""{"name": "n", "createTime": "yesterday"}""", "createTime")]
    [InlineData("""{"list": {"name": "n"}}""", "list")]
    public void The_body_of_a_single_field_mapping_is_checked_as_that_message(string json, string field) =>
        AssertRefused(Body(Route("Lists", "CreateList"), json), field);

    [Fact]
    public void A_complete_list_with_enums_by_name_or_number_and_timestamps_passes() =>
        Assert.Empty(Body(Route("Lists", "CreateList"), """
            {"name": "n", "description": "d", "standardFields": ["STANDARD_FIELD_USER_NAME", 3],
             "genericFields": [{"key": "generic1", "label": "Domain or Host"}],
             "policy": {"style": "PASSWORD_STYLE_WORD_PHRASE", "length": 20, "useDigits": true, "wordSeparator": "-"},
             "preventReuseCount": 5, "createTime": "2026-01-31T12:00:00Z"}
            """));

    [Fact]
    public void Map_values_of_the_wrong_type_are_refused_and_string_maps_pass()
    {
        var route = Route("Records", "CreateRecord");

        Assert.Empty(Body(route, """{"title": "t", "genericFields": {"generic1": "pwsync.test"}}"""));
        AssertRefused(Body(route, """{"genericFields": {"generic1": 5}}"""), "genericFields[\"generic1\"]");
        AssertRefused(Body(route, """{"genericFields": ["generic1"]}"""), "genericFields");
    }

    [Fact]
    public void A_field_mask_must_be_a_string_of_paths()
    {
        var route = Route("Lists", "UpdateList");

        Assert.Empty(Body(route, """{"list": {"name": "x"}, "updateMask": "name,description", "version": "4"}"""));
        AssertRefused(Body(route, """{"updateMask": ["name"]}"""), "updateMask");
        AssertRefused(Body(route, """{"updateMask": "name", "listId": "l"}"""), "listId");
    }

    [Fact]
    public void Any_query_parameter_on_a_method_with_a_body_is_refused_by_name_without_its_value()
    {
        var violations = Query(Route("Sync", "SaveAndSync"), ("new_password", Secret));

        AssertRefused(violations, "new_password");
    }

    [Fact]
    public void Query_parameters_of_a_get_must_be_fields_of_the_right_type()
    {
        var route = Route("Admin", "QueryAudit");

        Assert.Empty(Query(route, ("listId", "l1"), ("from_time", "2026-01-01T00:00:00Z"), ("pageSize", "10")));
        AssertRefused(Query(route, ("pageSize", Secret)), "pageSize");
        AssertRefused(Query(route, ("from_time", Secret)), "from_time");
        AssertRefused(Query(route, ("password", Secret)), "password");
        AssertRefused(Query(route, ("pageSize", "1"), ("pageSize", "2")), "pageSize");
    }

    [Fact]
    public void A_path_field_cannot_also_come_from_the_query_string() =>
        AssertRefused(Query(Route("Records", "ListRecords"), ("list_id", "other")), "list_id");

    [Fact]
    public void A_method_without_query_fields_says_it_takes_none()
    {
        var violation = Assert.Single(Query(Route("Sync", "GetJob"), ("token", Secret)));

        Assert.Equal("token", violation.Field);
        Assert.Contains("takes no query parameters", violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Oneof_members_cannot_be_set_together()
    {
        using var document = JsonDocument.Parse("""{"result": {"recordId": "r"}, "summary": {"total": 1}}""");

        var violations = ProtoJsonValidator.ValidateMessage(document.RootElement, SyncReportEvent.Descriptor,
            new HashSet<string>());

        Assert.Equal("summary", Assert.Single(violations).Field);
    }
}
