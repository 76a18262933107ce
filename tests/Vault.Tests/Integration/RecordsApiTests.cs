using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using PasswordSync.Common.V1;
using PasswordSync.ServiceDefaults;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.V1;
using static PasswordSync.Vault.Tests.Integration.VaultHostScenarios;
using AuditAction = PasswordSync.Vault.Model.AuditAction;
using AuditDraft = PasswordSync.Vault.Model.AuditDraft;
using PendingRotation = PasswordSync.Vault.Model.PendingRotation;
using Record = PasswordSync.Vault.V1.Record;

namespace PasswordSync.Vault.Tests.Integration;

public sealed class RecordsApiTests(VaultHostFixture fixture) : IClassFixture<VaultHostFixture>
{
    private readonly VaultHost host = fixture.Host;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Created_record_reads_back_without_its_password()
    {
        var list = await host.CreateReadyListAsync();

        var created = await host.CreateRecordAsync(list.Id, "File server", password: "Initial-Pa55word!",
            domainOrHost: "  corp.example.com ");
        var read = await host.Records().GetRecordAsync(new GetRecordRequest { Id = created.Id }, cancellationToken: Ct);

        Assert.Equal(created, read);
        Assert.True(read.HasPassword);
        Assert.NotNull(read.PasswordChangeTime);
        Assert.Equal("corp.example.com", read.DomainOrHost);
        Assert.Equal(AccountType.Windows, read.AccountType);
        Assert.Equal(1, read.Version);
        Assert.Null(read.PendingRotation);
        var stored = await host.Store.Records.GetAsync(created.Id, Ct);
        Assert.NotNull(stored!.SealedPassword);
    }

    [Fact]
    public async Task Record_without_password_says_so_and_cannot_be_revealed()
    {
        var list = await host.CreateReadyListAsync();
        var created = await host.CreateRecordAsync(list.Id, "No password yet");

        Assert.False(created.HasPassword);
        await FailsWith(StatusCode.FailedPrecondition, async () => await host.Records().RevealPasswordAsync(
            new RevealPasswordRequest { Id = created.Id, Reason = "check" }, cancellationToken: Ct));
    }

    [Fact]
    public async Task Invalid_record_is_refused_naming_each_field_and_leaves_no_trace()
    {
        var list = await host.Lists().CreateListAsync(new CreateListRequest
        {
            List = new PasswordList
            {
                Name = "Titles only " + Guid.NewGuid().ToString("N")[..6],
                Fields = new FieldConfiguration { StandardFields = { StandardField.Title } },
            },
        }, cancellationToken: Ct);
        var auditBefore = await host.AuditCountAsync();

        var error = await FailsWith(StatusCode.InvalidArgument, async () => await host.Records().CreateRecordAsync(
            new CreateRecordRequest
            {
                Record = new Record
                {
                    ListId = list.Id,
                    Title = "Bad\u0007title",
                    UserName = "someone",
                    Url = "https://example.com",
                    GenericValues = { ["generic4"] = "x" },
                },
                InitialPassword = new string('p', 1025),
            }, cancellationToken: Ct));

        AssertFields(error, "initial_password", "record.generic_values.generic4", "record.title", "record.url",
            "record.user_name");
        Assert.Equal(auditBefore, await host.AuditCountAsync());
        var records = await host.Store.Records.SearchAsync(new RecordQuery(list.Id, IncludeDeleted: true),
            PageRequest.First(), Ct);
        Assert.Empty(records.Items);
    }

    [Fact]
    public async Task Record_in_unknown_list_is_not_found()
    {
        await FailsWith(StatusCode.NotFound, async () => await host.Records().CreateRecordAsync(new CreateRecordRequest
        {
            Record = new Record { ListId = "missing-list", Title = "x" },
        }, cancellationToken: Ct));
        await FailsWith(StatusCode.NotFound, async () =>
            await host.Records().GetRecordAsync(new GetRecordRequest { Id = "missing-record" }, cancellationToken: Ct));
    }

    [Fact]
    public async Task Search_pages_over_several_pages_and_filters_by_title_user_and_host()
    {
        var list = await host.CreateReadyListAsync();
        for (var i = 0; i < 7; i++)
        {
            await host.CreateRecordAsync(list.Id, $"Web server {i}", userName: $"svc-web{i}@corp.example.com",
                domainOrHost: i % 2 == 0 ? "web.example.com" : "db.example.com");
        }

        await host.CreateRecordAsync(list.Id, "Mail relay", userName: "MAIL\\relay", domainOrHost: "mail.example.com");

        var all = await SearchAllAsync(new SearchRecordsRequest { ListId = list.Id, PageSize = 3 });
        Assert.Equal(8, all.Count);
        Assert.Equal(8, all.Select(r => r.Id).Distinct().Count());
        Assert.Equal(7, (await SearchAllAsync(new SearchRecordsRequest { ListId = list.Id, Title = "WEB SERVER", PageSize = 2 })).Count);
        Assert.Equal(["Mail relay"], (await SearchAllAsync(new SearchRecordsRequest { ListId = list.Id, UserName = "relay" })).Select(r => r.Title));
        Assert.Equal(3, (await SearchAllAsync(new SearchRecordsRequest { ListId = list.Id, DomainOrHost = "db.example" })).Count);
    }

    [Fact]
    public async Task Update_changes_masked_fields_and_recomputes_domain_or_host()
    {
        var list = await host.CreateReadyListAsync();
        var record = await host.CreateRecordAsync(list.Id, "Old title", password: "Kept-Pa55word!");

        var updated = await host.Records().UpdateRecordAsync(new UpdateRecordRequest
        {
            Record = new Record
            {
                Id = record.Id,
                Version = record.Version,
                Title = "New title",
                UserName = "ignored@not.masked",
                GenericValues = { [DomainOrHostKey] = "other.example.com" },
            },
            UpdateMask = FieldMask.FromString($"title,generic_values.{DomainOrHostKey}"),
        }, cancellationToken: Ct);

        Assert.Equal("New title", updated.Title);
        Assert.Equal(record.UserName, updated.UserName);
        Assert.Equal("other.example.com", updated.DomainOrHost);
        Assert.Equal(record.Version + 1, updated.Version);
        Assert.True(updated.HasPassword);
    }

    [Fact]
    public async Task Stale_record_update_is_aborted_and_changes_nothing()
    {
        var list = await host.CreateReadyListAsync();
        var record = await host.CreateRecordAsync(list.Id, "Original");
        await host.Records().UpdateRecordAsync(new UpdateRecordRequest
        {
            Record = new Record { Id = record.Id, Version = record.Version, Title = "First writer" },
            UpdateMask = FieldMask.FromString("title"),
        }, cancellationToken: Ct);
        var auditBefore = await host.AuditCountAsync();

        var error = await FailsWith(StatusCode.Aborted, async () => await host.Records().UpdateRecordAsync(
            new UpdateRecordRequest
            {
                Record = new Record { Id = record.Id, Version = record.Version, Title = "Second writer" },
                UpdateMask = FieldMask.FromString("title"),
            }, cancellationToken: Ct));
        await FailsWith(StatusCode.Aborted, async () => await host.Records().SetPasswordAsync(
            new SetPasswordRequest { Id = record.Id, Version = record.Version, Password = "Stale-Pa55word!" },
            cancellationToken: Ct));

        Assert.Equal("VERSION_CONFLICT", error.GetReason());
        var stored = await host.Store.Records.GetAsync(record.Id, Ct);
        Assert.Equal("First writer", stored!.Title);
        Assert.Null(stored.SealedPassword);
        Assert.Equal(auditBefore, await host.AuditCountAsync());
    }

    [Fact]
    public async Task Invalid_update_is_refused_and_changes_nothing()
    {
        var list = await host.CreateReadyListAsync();
        var record = await host.CreateRecordAsync(list.Id, "Stays");

        var error = await FailsWith(StatusCode.InvalidArgument, async () => await host.Records().UpdateRecordAsync(
            new UpdateRecordRequest
            {
                Record = new Record { Id = record.Id, Version = record.Version, Title = "", UserName = "a\\b\\c" },
                UpdateMask = FieldMask.FromString("title,user_name"),
            }, cancellationToken: Ct));

        AssertFields(error, "record.title", "record.user_name");
        Assert.Equal(record, await host.Records().GetRecordAsync(new GetRecordRequest { Id = record.Id }, cancellationToken: Ct));
    }

    [Fact]
    public async Task Deleted_record_is_hidden_from_search_and_restorable()
    {
        var list = await host.CreateReadyListAsync();
        var record = await host.CreateRecordAsync(list.Id, "To delete", password: "Deleted-Pa55word!");

        var deleted = await host.Records().DeleteRecordAsync(new DeleteRecordRequest { Id = record.Id, Version = record.Version },
            cancellationToken: Ct);

        Assert.NotNull(deleted.DeleteTime);
        Assert.Empty(await SearchAllAsync(new SearchRecordsRequest { ListId = list.Id }));
        Assert.Single(await SearchAllAsync(new SearchRecordsRequest { ListId = list.Id, OnlyDeleted = true }));
        await FailsWith(StatusCode.NotFound, async () => await host.Records().RevealPasswordAsync(
            new RevealPasswordRequest { Id = record.Id, Reason = "deleted" }, cancellationToken: Ct));

        var restored = await host.Records().RestoreRecordAsync(new RestoreRecordRequest { Id = record.Id, Version = deleted.Version },
            cancellationToken: Ct);

        Assert.Null(restored.DeleteTime);
        Assert.True(restored.HasPassword);
        Assert.Single(await SearchAllAsync(new SearchRecordsRequest { ListId = list.Id }));
    }

    [Fact]
    public async Task Record_with_a_pending_rotation_cannot_be_deleted()
    {
        var list = await host.CreateReadyListAsync();
        var record = await host.CreateRecordAsync(list.Id, "Rotating", password: "Current-Pa55word!");
        var stored = (await host.Store.Records.GetAsync(record.Id, Ct))!;
        // The rotation journal is another feature's API; its store call is enough to put the record in this state.
        var pending = await host.Store.Rotations.BeginAsync(Guid.NewGuid().ToString("N"), record.Id, new PendingRotation
        {
            RotationId = "rotation-1",
            SealedPassword = stored.SealedPassword!,
            Owner = "gateway-1",
            StartedAt = DateTimeOffset.UtcNow,
            LeaseExpiresAt = DateTimeOffset.UtcNow.AddMinutes(5),
        }, new AuditDraft { Action = AuditAction.RotationBegun, Actor = "gateway-1", RecordId = record.Id }, Ct);

        var error = await FailsWith(StatusCode.FailedPrecondition, async () => await host.Records().DeleteRecordAsync(
            new DeleteRecordRequest { Id = record.Id, Version = pending.Version }, cancellationToken: Ct));

        Assert.Equal("ROTATION_PENDING", error.GetReason());
        Assert.Null((await host.Store.Records.GetAsync(record.Id, Ct))!.DeletedAt);
        var read = await host.Records().GetRecordAsync(new GetRecordRequest { Id = record.Id }, cancellationToken: Ct);
        Assert.Equal("rotation-1", read.PendingRotation.RotationId);
        Assert.Equal("gateway-1", read.PendingRotation.Owner);
    }

    [Fact]
    public async Task Reveal_returns_the_password_and_audits_actor_and_reason()
    {
        var list = await host.CreateReadyListAsync();
        var record = await host.CreateRecordAsync(list.Id, "Revealed", password: "Reveal-Me-Pa55!");

        var revealed = await host.Records("alice").RevealPasswordAsync(
            new RevealPasswordRequest { Id = record.Id, Reason = "Incident 42" }, cancellationToken: Ct);

        Assert.Equal("Reveal-Me-Pa55!", revealed.Password);
        var events = await host.Store.Audit.QueryAsync(
            new AuditQuery(RecordId: record.Id, Action: AuditAction.PasswordRevealed), PageRequest.First(), Ct);
        var audit = Assert.Single(events.Items);
        Assert.Equal("alice", audit.Actor);
        Assert.Contains("Incident 42", audit.Detail, StringComparison.Ordinal);
        Assert.Equal(list.Id, audit.ListId);
    }

    [Fact]
    public async Task Reveal_without_reason_is_refused_and_not_audited()
    {
        var list = await host.CreateReadyListAsync();
        var record = await host.CreateRecordAsync(list.Id, "Needs a reason", password: "Reason-Pa55word!");
        var auditBefore = await host.AuditCountAsync();

        var error = await FailsWith(StatusCode.InvalidArgument, async () => await host.Records().RevealPasswordAsync(
            new RevealPasswordRequest { Id = record.Id, Reason = "  " }, cancellationToken: Ct));

        AssertFields(error, "reason");
        Assert.Equal(auditBefore, await host.AuditCountAsync());
    }

    [Fact]
    public async Task Set_password_keeps_history_with_who_when_and_why_and_reveals_old_values_only_audited()
    {
        var list = await host.CreateReadyListAsync();
        var record = await host.CreateRecordAsync(list.Id, "History", password: "First-Pa55word!");

        var second = await host.Records("bob").SetPasswordAsync(new SetPasswordRequest
        {
            Id = record.Id,
            Version = record.Version,
            Password = "Second-Pa55word!",
            Reason = "Quarterly change",
        }, cancellationToken: Ct);
        var third = await host.Records("carol").SetPasswordAsync(new SetPasswordRequest
        {
            Id = record.Id,
            Version = second.Version,
            Password = "Third-Pa55word!",
        }, cancellationToken: Ct);

        var history = await host.Records().GetPasswordHistoryAsync(new GetPasswordHistoryRequest { RecordId = record.Id },
            cancellationToken: Ct);
        Assert.Equal(["carol", "bob"], history.Entries.Select(e => e.ChangedBy));
        Assert.Equal("Quarterly change", history.Entries[1].Reason);
        Assert.All(history.Entries, e => Assert.NotNull(e.ReplaceTime));
        Assert.Equal("Third-Pa55word!", (await host.Records().RevealPasswordAsync(
            new RevealPasswordRequest { Id = record.Id, Reason = "verify" }, cancellationToken: Ct)).Password);
        Assert.Equal(3, third.Version);

        var old = await host.Records("dave").RevealHistoryEntryAsync(new RevealHistoryEntryRequest
        {
            RecordId = record.Id,
            EntryId = history.Entries[1].Id,
            Reason = "Restore an old backup",
        }, cancellationToken: Ct);

        Assert.Equal("First-Pa55word!", old.Password);
        var audit = Assert.Single((await host.Store.Audit.QueryAsync(
            new AuditQuery(RecordId: record.Id, Action: AuditAction.HistoryRevealed), PageRequest.First(), Ct)).Items);
        Assert.Equal("dave", audit.Actor);
        Assert.Contains(history.Entries[1].Id, audit.Detail, StringComparison.Ordinal);
        await FailsWith(StatusCode.NotFound, async () => await host.Records().RevealHistoryEntryAsync(
            new RevealHistoryEntryRequest { RecordId = record.Id, EntryId = "no-such-entry", Reason = "x" }, cancellationToken: Ct));
    }

    [Fact]
    public async Task Reuse_of_the_last_passwords_is_refused_and_older_ones_are_allowed()
    {
        var list = await host.CreateReadyListAsync(preventReuseCount: 2);
        var record = await host.CreateRecordAsync(list.Id, "Reuse", password: "Reuse-A-Pa55!");
        var b = await SetAsync(record.Id, record.Version, "Reuse-B-Pa55!");
        var auditBefore = await host.AuditCountAsync();

        // Current (B) and the previous one (A) are the last two passwords.
        var current = await FailsWith(StatusCode.FailedPrecondition, () => SetAsync(record.Id, b.Version, "Reuse-B-Pa55!"));
        var previous = await FailsWith(StatusCode.FailedPrecondition, () => SetAsync(record.Id, b.Version, "Reuse-A-Pa55!"));

        Assert.Equal("PASSWORD_REUSED", current.GetReason());
        Assert.Equal("PASSWORD_REUSED", previous.GetReason());
        Assert.DoesNotContain("Reuse-", previous.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(auditBefore, await host.AuditCountAsync());
        Assert.Equal(b.Version, (await host.Store.Records.GetAsync(record.Id, Ct))!.Version);

        var c = await SetAsync(record.Id, b.Version, "Reuse-C-Pa55!");
        // A is now third-to-last: allowed again.
        var a = await SetAsync(record.Id, c.Version, "Reuse-A-Pa55!");
        Assert.Equal(c.Version + 1, a.Version);
    }

    [Fact]
    public async Task Invalid_password_is_refused_without_echoing_it()
    {
        var list = await host.CreateReadyListAsync();
        var record = await host.CreateRecordAsync(list.Id, "Bad password");

        var error = await FailsWith(StatusCode.InvalidArgument, () => SetAsync(record.Id, record.Version, "Tab\tInside-Pa55"));

        AssertFields(error, "password");
        Assert.DoesNotContain("Inside-Pa55", error.Status.Detail, StringComparison.Ordinal);
        Assert.False((await host.Records().GetRecordAsync(new GetRecordRequest { Id = record.Id }, cancellationToken: Ct)).HasPassword);
    }

    private async Task<Record> SetAsync(string id, long version, string password) =>
        await host.Records().SetPasswordAsync(new SetPasswordRequest { Id = id, Version = version, Password = password },
            cancellationToken: Ct);

    private async Task<List<Record>> SearchAllAsync(SearchRecordsRequest request)
    {
        var all = new List<Record>();
        for (var pages = 0; pages < 100; pages++)
        {
            var page = await host.Records().SearchRecordsAsync(request, cancellationToken: Ct);
            all.AddRange(page.Records);
            if (page.NextPageToken.Length == 0)
            {
                break;
            }

            request = request.Clone();
            request.PageToken = page.NextPageToken;
        }

        return all;
    }
}
