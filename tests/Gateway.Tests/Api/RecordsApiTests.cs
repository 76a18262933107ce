using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using PasswordSync.Common.V1;
using PasswordSync.ServiceDefaults;
using PasswordSync.V1;
using ApiPermission = PasswordSync.Vault.V1.ApiPermission;
using Record = PasswordSync.V1.Record;

namespace PasswordSync.Gateway.Tests.Api;

/// <summary>
/// Records through the public API: CRUD with optimistic versions, soft delete and restore, reveal and history under
/// the reveal permission, authorisation by the record's own list, and no password anywhere but the reveal answers.
/// </summary>
public sealed class RecordsApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string InitialPassword = "Rec-Initial-Pa55!q7";
    private const string SecondPassword = "Rec-Second-Pa55!w8";
    private const string HttpPassword = "Rec-Http-Pa55!e9";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_record_is_created_read_updated_and_a_stale_update_is_aborted_without_change()
    {
        var records = api.Records(api.AdminKey);
        var list = await NewListAsync("crud");
        var created = await records.CreateRecordAsync(NewRecord(list.Id, "svc-crud", InitialPassword), cancellationToken: Ct);

        Assert.Equal(list.Id, created.ListId);
        Assert.True(created.HasPassword);
        Assert.Equal("", created.Password);
        Assert.Equal(1, created.Version);
        Assert.Equal("unknown-crud.example", created.GenericFields["generic1"]);
        Assert.Equal("unknown-crud.example", created.DomainOrHost);
        Assert.DoesNotContain(InitialPassword, created.ToString(), StringComparison.Ordinal);

        var updated = await records.UpdateRecordAsync(new UpdateRecordRequest
        {
            RecordId = created.Id,
            Record = new Record { Title = "renamed", Notes = "not masked" },
            UpdateMask = new FieldMask { Paths = { "title" } },
            Version = created.Version,
        }, cancellationToken: Ct);
        Assert.Equal("renamed", updated.Title);
        Assert.Equal("", updated.Notes);
        Assert.Equal(2, updated.Version);

        var stale = await Assert.ThrowsAsync<RpcException>(() => records.UpdateRecordAsync(new UpdateRecordRequest
        {
            RecordId = created.Id,
            Record = new Record { Title = "stale" },
            UpdateMask = new FieldMask { Paths = { "title" } },
            Version = created.Version,
        }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);
        Assert.Equal(updated, await records.GetRecordAsync(new GetRecordRequest { RecordId = created.Id }, cancellationToken: Ct));
        api.AssertNoLogContains(InitialPassword);
    }

    [Fact]
    public async Task A_deleted_record_leaves_the_list_and_comes_back_when_restored()
    {
        var records = api.Records(api.AdminKey);
        var list = await NewListAsync("delete");
        var created = await records.CreateRecordAsync(NewRecord(list.Id, "svc-delete", InitialPassword), cancellationToken: Ct);

        var deleted = await records.DeleteRecordAsync(
            new DeleteRecordRequest { RecordId = created.Id, Version = created.Version }, cancellationToken: Ct);
        Assert.NotNull(deleted.DeleteTime);
        Assert.False(deleted.SyncEnabled);
        Assert.Contains("deleted", deleted.SyncDisabledReason, StringComparison.Ordinal);
        Assert.Empty((await records.ListRecordsAsync(new ListRecordsRequest { ListId = list.Id }, cancellationToken: Ct)).Records);
        var trash = await records.ListRecordsAsync(new ListRecordsRequest { ListId = list.Id, ShowDeleted = true }, cancellationToken: Ct);
        Assert.Equal([created.Id], trash.Records.Select(r => r.Id));

        var restored = await records.RestoreRecordAsync(
            new RestoreRecordRequest { RecordId = created.Id, Version = deleted.Version }, cancellationToken: Ct);
        Assert.Null(restored.DeleteTime);
        var live = await records.ListRecordsAsync(new ListRecordsRequest { ListId = list.Id }, cancellationToken: Ct);
        Assert.Equal([created.Id], live.Records.Select(r => r.Id));
    }

    [Fact]
    public async Task Reveal_needs_the_reveal_permission_and_is_audited()
    {
        var list = await NewListAsync("reveal");
        var created = await api.Records(api.AdminKey).CreateRecordAsync(
            NewRecord(list.Id, "svc-reveal", InitialPassword), cancellationToken: Ct);
        var reader = api.Records(await api.KeyAsync("reader", [ApiPermission.Read], [list.Id]));
        var revealer = api.Records(await api.KeyAsync("revealer", [ApiPermission.Read, ApiPermission.Reveal], [list.Id]));

        var denied = await Assert.ThrowsAsync<RpcException>(() => reader.RevealPasswordAsync(
            new RevealPasswordRequest { RecordId = created.Id, Reason = "curious" }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.Contains("reveal", denied.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(await api.VaultAuditOfRecordAsync(created.Id), e => e.Action == "PasswordRevealed");

        var revealed = await revealer.RevealPasswordAsync(
            new RevealPasswordRequest { RecordId = created.Id, Reason = "incident 42" }, cancellationToken: Ct);
        Assert.Equal(InitialPassword, revealed.Password);
        var audit = Assert.Single(await api.VaultAuditOfRecordAsync(created.Id), e => e.Action == "PasswordRevealed");
        Assert.StartsWith("apikey:", audit.Actor, StringComparison.Ordinal);
        Assert.Contains("incident 42", audit.Detail, StringComparison.Ordinal);
        api.AssertNoLogContains(InitialPassword);
    }

    [Fact]
    public async Task History_lists_previous_passwords_and_reveals_one_only_with_the_reveal_permission()
    {
        var records = api.Records(api.AdminKey);
        var list = await NewListAsync("history");
        var created = await records.CreateRecordAsync(NewRecord(list.Id, "svc-history", InitialPassword), cancellationToken: Ct);
        var changed = await records.SetPasswordAsync(new SetPasswordRequest
        {
            RecordId = created.Id,
            Version = created.Version,
            Password = SecondPassword,
            Reason = "changed by hand in the directory",
        }, cancellationToken: Ct);
        Assert.Equal(created.Version + 1, changed.Version);

        var reader = api.Records(await api.KeyAsync("history-reader", [ApiPermission.Read], [list.Id]));
        var history = await reader.ListPasswordHistoryAsync(
            new ListPasswordHistoryRequest { RecordId = created.Id }, cancellationToken: Ct);
        var entry = Assert.Single(history.Entries);
        Assert.Equal("changed by hand in the directory", entry.Reason);
        Assert.DoesNotContain(InitialPassword, history.ToString(), StringComparison.Ordinal);

        var denied = await Assert.ThrowsAsync<RpcException>(() => reader.RevealHistoryEntryAsync(
            new RevealHistoryEntryRequest { RecordId = created.Id, EntryId = entry.Id, Reason = "audit" },
            cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);

        var old = await records.RevealHistoryEntryAsync(
            new RevealHistoryEntryRequest { RecordId = created.Id, EntryId = entry.Id, Reason = "audit" },
            cancellationToken: Ct);
        Assert.Equal(InitialPassword, old.Password);
        Assert.Equal(SecondPassword, (await records.RevealPasswordAsync(
            new RevealPasswordRequest { RecordId = created.Id, Reason = "check" }, cancellationToken: Ct)).Password);
        Assert.Single(await api.VaultAuditOfRecordAsync(created.Id), e => e.Action == "HistoryRevealed");
        api.AssertNoLogContains(InitialPassword, SecondPassword);
    }

    [Fact]
    public async Task Record_calls_are_authorised_against_the_records_own_list()
    {
        var a = await NewListAsync("own-a");
        var b = await NewListAsync("own-b");
        var inB = await api.Records(api.AdminKey).CreateRecordAsync(NewRecord(b.Id, "svc-b", InitialPassword), cancellationToken: Ct);
        var scopedToA = api.Records(await api.KeyAsync("scoped-a",
            [ApiPermission.Read, ApiPermission.Write, ApiPermission.Reveal], [a.Id]));

        foreach (var call in new Func<Task>[]
        {
            () => scopedToA.GetRecordAsync(new GetRecordRequest { RecordId = inB.Id }, cancellationToken: Ct).ResponseAsync,
            () => scopedToA.RevealPasswordAsync(new RevealPasswordRequest { RecordId = inB.Id, Reason = "x" }, cancellationToken: Ct).ResponseAsync,
            () => scopedToA.DeleteRecordAsync(new DeleteRecordRequest { RecordId = inB.Id, Version = inB.Version }, cancellationToken: Ct).ResponseAsync,
            () => scopedToA.ListRecordsAsync(new ListRecordsRequest { ListId = b.Id }, cancellationToken: Ct).ResponseAsync,
            () => scopedToA.CreateRecordAsync(NewRecord(b.Id, "svc-b2", SecondPassword), cancellationToken: Ct).ResponseAsync,
        })
        {
            var error = await Assert.ThrowsAsync<RpcException>(call);
            Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
            Assert.Contains(b.Id, error.Status.Detail, StringComparison.Ordinal);
        }

        var after = await api.Records(api.AdminKey).GetRecordAsync(new GetRecordRequest { RecordId = inB.Id }, cancellationToken: Ct);
        Assert.Null(after.DeleteTime);
        Assert.Equal(inB.Version, after.Version);
        var audit = await api.VaultAuditOfRecordAsync(inB.Id);
        Assert.DoesNotContain(audit, e => e.Action == "PasswordRevealed");
        Assert.Single((await api.Records(api.AdminKey).ListRecordsAsync(
            new ListRecordsRequest { ListId = b.Id }, cancellationToken: Ct)).Records);
    }

    [Fact]
    public async Task Once_a_records_list_is_known_reveals_are_still_authorised_against_it_and_each_is_audited()
    {
        var a = await NewListAsync("known-a");
        var b = await NewListAsync("known-b");
        var admin = api.Records(api.AdminKey);
        var inB = await admin.CreateRecordAsync(NewRecord(b.Id, "svc-known-b", InitialPassword), cancellationToken: Ct);
        var scopedToA = api.Records(await api.KeyAsync("known-scoped-a", [ApiPermission.Read, ApiPermission.Reveal], [a.Id]));
        var scopedToB = api.Records(await api.KeyAsync("known-scoped-b", [ApiPermission.Read, ApiPermission.Reveal], [b.Id]));

        // The first reveal reads the record (and so learns its list); the later ones authorise from what was learnt.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(InitialPassword, (await scopedToB.RevealPasswordAsync(
                new RevealPasswordRequest { RecordId = inB.Id, Reason = $"known {i}" }, cancellationToken: Ct)).Password);
        }

        var denied = await Assert.ThrowsAsync<RpcException>(() => scopedToA.RevealPasswordAsync(
            new RevealPasswordRequest { RecordId = inB.Id, Reason = "not mine" }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.Contains(b.Id, denied.Status.Detail, StringComparison.Ordinal);
        var reveals = (await api.VaultAuditOfRecordAsync(inB.Id)).Where(e => e.Action == "PasswordRevealed").ToList();
        Assert.Equal(3, reveals.Count);
        Assert.DoesNotContain(reveals, e => e.Detail.Contains("not mine", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ids_that_do_not_exist_are_not_found_naming_them()
    {
        var records = api.Records(api.AdminKey);
        foreach (var call in new Func<Task>[]
        {
            () => records.GetRecordAsync(new GetRecordRequest { RecordId = "ghost-record" }, cancellationToken: Ct).ResponseAsync,
            () => records.RevealPasswordAsync(new RevealPasswordRequest { RecordId = "ghost-record", Reason = "x" }, cancellationToken: Ct).ResponseAsync,
            () => records.DeleteRecordAsync(new DeleteRecordRequest { RecordId = "ghost-record", Version = 1 }, cancellationToken: Ct).ResponseAsync,
            () => records.ListPasswordHistoryAsync(new ListPasswordHistoryRequest { RecordId = "ghost-record" }, cancellationToken: Ct).ResponseAsync,
        })
        {
            var error = await Assert.ThrowsAsync<RpcException>(call);
            Assert.Equal(StatusCode.NotFound, error.StatusCode);
            Assert.Contains("ghost-record", error.Status.Detail, StringComparison.Ordinal);
        }

        var noList = await Assert.ThrowsAsync<RpcException>(() => records.CreateRecordAsync(
            NewRecord("ghost-list", "svc", InitialPassword), cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, noList.StatusCode);
        Assert.Contains("ghost-list", noList.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_names_the_public_fields_and_changes_nothing()
    {
        var records = api.Records(api.AdminKey);
        var list = await NewListAsync("bad");
        var bad = NewRecord(list.Id, "svc-bad", new string('x', 2000));
        bad.Record.ExpiryTime = Timestamp.FromDateTime(DateTime.UtcNow.AddDays(30));
        bad.Record.GenericFields["generic7"] = "not a field of this list";

        var error = await Assert.ThrowsAsync<RpcException>(() => records.CreateRecordAsync(bad, cancellationToken: Ct).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var fields = error.GetViolatedFields();
        Assert.Contains("record.expiry_time", fields);
        Assert.Contains("record.generic_fields.generic7", fields);
        Assert.Contains("record.password", fields);
        Assert.DoesNotContain(fields, f => f.Contains("generic_values", StringComparison.Ordinal) || f == "initial_password");
        Assert.Contains("record.expiry_time", error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty((await records.ListRecordsAsync(new ListRecordsRequest { ListId = list.Id }, cancellationToken: Ct)).Records);

        var created = await records.CreateRecordAsync(NewRecord(list.Id, "svc-bad2", InitialPassword), cancellationToken: Ct);
        var badUpdate = await Assert.ThrowsAsync<RpcException>(() => records.UpdateRecordAsync(new UpdateRecordRequest
        {
            RecordId = created.Id,
            Record = new Record { Title = "changed", Password = SecondPassword },
            UpdateMask = new FieldMask { Paths = { "title", "password", "generic_fields.generic11", "sync_enabled" } },
            Version = created.Version,
        }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, badUpdate.StatusCode);
        Assert.Equal(3, badUpdate.GetViolatedFields().Count(f => f == "update_mask"));
        Assert.Contains("SetPassword", badUpdate.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(SecondPassword, badUpdate.Status.Detail, StringComparison.Ordinal);

        var vaultRefusal = await Assert.ThrowsAsync<RpcException>(() => records.UpdateRecordAsync(new UpdateRecordRequest
        {
            RecordId = created.Id,
            Record = new Record { GenericFields = { ["generic1"] = "bad\nvalue" } },
            UpdateMask = new FieldMask { Paths = { "generic_fields.generic1" } },
            Version = created.Version,
        }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(["record.generic_fields.generic1"], vaultRefusal.GetViolatedFields());

        Assert.Equal(created, await records.GetRecordAsync(new GetRecordRequest { RecordId = created.Id }, cancellationToken: Ct));
        Assert.Equal(InitialPassword, (await records.RevealPasswordAsync(
            new RevealPasswordRequest { RecordId = created.Id, Reason = "verify unchanged" }, cancellationToken: Ct)).Password);
        api.AssertNoLogContains(InitialPassword, SecondPassword);
    }

    [Fact]
    public async Task Http_json_creates_gets_and_reveals_a_record_and_never_returns_the_password_otherwise()
    {
        var list = await NewListAsync("http");
        using var http = api.Gateway.CreateHttpClient(api.AdminKey);

        using var created = await http.PostAsJsonAsync($"/v1/lists/{list.Id}/records", new
        {
            title = "http record",
            userName = "svc-http",
            accountType = "ACCOUNT_TYPE_WINDOWS",
            genericFields = new Dictionary<string, string> { ["generic1"] = "unknown-http.example" },
            password = HttpPassword,
        }, Ct);
        var createdText = await created.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.DoesNotContain(HttpPassword, createdText, StringComparison.Ordinal);
        var record = JsonDocument.Parse(createdText).RootElement;
        var id = record.GetProperty("id").GetString();
        Assert.True(record.GetProperty("hasPassword").GetBoolean());
        Assert.False(record.GetProperty("syncEnabled").GetBoolean());

        var fetched = await http.GetStringAsync($"/v1/records/{id}", Ct);
        Assert.DoesNotContain(HttpPassword, fetched, StringComparison.Ordinal);
        Assert.Contains("unknown-http.example", fetched, StringComparison.Ordinal);

        using var revealed = await http.PostAsJsonAsync($"/v1/records/{id}:reveal", new { reason = "http test" }, Ct);
        Assert.Equal(HttpStatusCode.OK, revealed.StatusCode);
        Assert.Equal(HttpPassword, (await revealed.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("password").GetString());

        using var missing = await http.GetAsync("/v1/records/ghost-http", Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("ghost-http", await missing.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        api.AssertNoLogContains(HttpPassword);
    }

    private async Task<PasswordList> NewListAsync(string name) =>
        await api.Lists(api.AdminKey).CreateListAsync(new CreateListRequest { List = ApiFixture.ReadyList(name) },
            cancellationToken: Ct);

    private static CreateRecordRequest NewRecord(string listId, string userName, string password) => new()
    {
        ListId = listId,
        Record = new Record
        {
            Title = $"{userName} title",
            UserName = userName,
            AccountType = AccountType.Windows,
            GenericFields = { ["generic1"] = $"unknown-{userName.Replace("svc-", "", StringComparison.Ordinal)}.example" },
            Password = password,
        },
    };
}
