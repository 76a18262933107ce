using System.Net;
using System.Text;
using Grpc.Core;
using PasswordSync.Gateway.Tests.Harness;
using PasswordSync.V1;

namespace PasswordSync.Gateway.Tests.Edge;

/// <summary>
/// HTTP/JSON requests that JSON transcoding alone would half-read (unknown fields dropped, values quoted back) are
/// refused before the service method runs, with a google.rpc.Status body naming the field, and leave the vault as it
/// was. Plain HttpClient against the in-process gateway in front of a real vault.
/// </summary>
public sealed class StrictJsonOverHttpTests(BackendsFixture suite) : IClassFixture<BackendsFixture>
{
    private const string Secret = "Edge-Secret-Value-7f3a!";
    private const string StoredPassword = "Stored-Password-1e9c!";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<HttpResponseMessage> PostAsync(string path, string json)
    {
        using var http = suite.Gateway.CreateHttpClient(suite.AdminKey);
        return await http.PostAsync(new Uri(path, UriKind.Relative), Json(json), Ct);
    }

    [Fact]
    public async Task A_misspelt_password_is_refused_by_name_and_the_record_keeps_its_password()
    {
        using var vault = new VaultRecords(suite.Backends);
        var record = await vault.CreateRecordAsync("misspelt", StoredPassword);

        using var response = await PostAsync($"/v1/records/{record.Id}:saveAndSync",
            $$"""{"version": {{record.Version}}, "pasword": "{{Secret}}"}""");

        var error = await ErrorBody.ReadAsync(response);
        Assert.Equal(HttpStatusCode.BadRequest, error.HttpStatus);
        Assert.Equal((int)StatusCode.InvalidArgument, error.Code);
        Assert.Equal(["pasword"], error.Fields);
        Assert.Contains("INVALID_ARGUMENT", error.Reasons);
        Assert.Contains("newPassword", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.Raw, StringComparison.Ordinal);
        await vault.AssertUnchangedAsync(record, StoredPassword);
    }

    [Fact]
    public async Task A_wrong_type_is_refused_by_name_and_changes_nothing()
    {
        using var vault = new VaultRecords(suite.Backends);
        var record = await vault.CreateRecordAsync("wrongtype", StoredPassword);

        using var response = await PostAsync($"/v1/records/{record.Id}:saveAndSync",
            $$"""{"version": "{{Secret}}", "newPassword": "{{Secret}}x"}""");

        var error = await ErrorBody.ReadAsync(response);
        Assert.Equal(HttpStatusCode.BadRequest, error.HttpStatus);
        Assert.Equal(["version"], error.Fields);
        Assert.DoesNotContain(Secret, error.Raw, StringComparison.Ordinal);
        await vault.AssertUnchangedAsync(record, StoredPassword);
    }

    [Fact]
    public async Task Malformed_json_is_refused_without_quoting_any_of_it()
    {
        using var vault = new VaultRecords(suite.Backends);
        var record = await vault.CreateRecordAsync("malformed", StoredPassword);

        using var response = await PostAsync($"/v1/records/{record.Id}:saveAndSync",
            $$"""{"version": {{record.Version}}, "newPassword": {{Secret}}}""");

        var error = await ErrorBody.ReadAsync(response);
        Assert.Equal(HttpStatusCode.BadRequest, error.HttpStatus);
        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret[..4], error.Raw, StringComparison.Ordinal);
        await vault.AssertUnchangedAsync(record, StoredPassword);
    }

    [Fact]
    public async Task A_query_string_on_a_method_with_a_body_is_refused_by_parameter_name()
    {
        using var vault = new VaultRecords(suite.Backends);
        var record = await vault.CreateRecordAsync("query", StoredPassword);

        using var response = await PostAsync($"/v1/records/{record.Id}:saveAndSync?new_password={Secret}",
            $$"""{"version": {{record.Version}}}""");

        var error = await ErrorBody.ReadAsync(response);
        Assert.Equal(HttpStatusCode.BadRequest, error.HttpStatus);
        Assert.Equal(["new_password"], error.Fields);
        Assert.DoesNotContain(Secret, error.Raw, StringComparison.Ordinal);
        await vault.AssertUnchangedAsync(record, StoredPassword);
    }

    [Fact]
    public async Task An_oversized_body_is_refused_with_413_and_changes_nothing()
    {
        using var vault = new VaultRecords(suite.Backends);
        var record = await vault.CreateRecordAsync("oversized", StoredPassword);
        var padding = new string('a', 1024 * 1024 + 1);

        using var response = await PostAsync($"/v1/records/{record.Id}:saveAndSync",
            $$"""{"version": {{record.Version}}, "requestId": "{{padding}}"}""");

        var error = await ErrorBody.ReadAsync(response);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, error.HttpStatus);
        Assert.Equal((int)StatusCode.ResourceExhausted, error.Code);
        Assert.Contains("1048576", error.Message, StringComparison.Ordinal);
        await vault.AssertUnchangedAsync(record, StoredPassword);
    }

    [Fact]
    public async Task An_unknown_query_parameter_on_a_get_is_refused_by_name()
    {
        using var http = suite.Gateway.CreateHttpClient(suite.AdminKey);

        using var response = await http.GetAsync(new Uri($"/v1/jobs/job-1?acess_token={Secret}", UriKind.Relative), Ct);

        var error = await ErrorBody.ReadAsync(response);
        Assert.Equal(HttpStatusCode.BadRequest, error.HttpStatus);
        Assert.Equal(["acess_token"], error.Fields);
        Assert.DoesNotContain(Secret, error.Raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_body_gets_through_to_the_service()
    {
        // A record id that does not exist: whatever the service answers, it is the service's answer, not a refusal
        // of the request's shape (400 from the edge would name no field of this valid body).
        using var response = await PostAsync("/v1/records/edge-no-such-record:saveAndSync",
            """{"version": "1", "new_password": "Valid-Password-123!", "verifyAfterSet": true, "requestId": null}""");

        Assert.NotEqual(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEqual(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var error = await ErrorBody.ReadAsync(response);
        Assert.DoesNotContain("Valid-Password-123!", error.Raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_call_without_a_key_gets_401_with_the_reason_in_the_error_details()
    {
        using var http = suite.Gateway.CreateHttpClient(apiKey: null);

        using var response = await http.GetAsync(new Uri("/v1/jobs/job-1", UriKind.Relative), Ct);

        // Transcoding writes the error's google.rpc details: without their descriptors it failed with a 500.
        var error = await ErrorBody.ReadAsync(response);
        Assert.Equal(HttpStatusCode.Unauthorized, error.HttpStatus);
        Assert.Equal((int)StatusCode.Unauthenticated, error.Code);
        Assert.Contains("UNAUTHENTICATED", error.Reasons);
    }

    [Fact]
    public async Task A_grpc_message_over_the_size_limit_is_refused_with_resource_exhausted()
    {
        var client = new V1.Sync.SyncClient(suite.Gateway.Channel(suite.AdminKey));
        var request = new SaveAndSyncRequest { RecordId = "edge-big", RequestId = new string('b', 1024 * 1024 + 1) };

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            client.SaveAndSyncAsync(request, cancellationToken: Ct).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public async Task A_create_with_an_unknown_field_is_refused_and_leaves_no_list_in_the_vault()
    {
        var name = $"edge-refused-{Guid.NewGuid():N}";

        using var response = await PostAsync("/v1/lists", $$"""{"name": "{{name}}", "descripton": "typo"}""");

        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            Assert.Skip("POST /v1/lists is not mapped in this build (the Lists service comes with the gateway API work).");
        }

        var error = await ErrorBody.ReadAsync(response);
        Assert.Equal(HttpStatusCode.BadRequest, error.HttpStatus);
        Assert.Equal(["descripton"], error.Fields);
        using var vault = new VaultRecords(suite.Backends);
        Assert.DoesNotContain(name, await vault.ListNamesAsync());
    }
}
