using System.Text.Json.Nodes;
using PasswordSync.Gateway.Tests.EndToEnd.Harness;
using PasswordSync.V1;

namespace PasswordSync.Gateway.Tests.EndToEnd;

/// <summary>
/// A person's whole path through the public API against the real Samba DC, with the three services as processes over
/// TLS: register the DC, create a ready list, add a record for a real account, check its password (stored and
/// candidate), save and sync a new one, and prove with an independent LDAP bind that AD took it.
/// </summary>
[Collection(EndToEndSequence.Name)]
public sealed class SaveAndSyncEndToEndTests(SuiteProcesses suite)
    : EndToEndTest<SuiteProcesses>(suite), IClassFixture<SuiteProcesses>
{
    [Fact]
    public async Task The_gateway_process_answers_over_HTTPS_only_to_clients_that_trust_its_certificate()
    {
        using var trusting = Suite.Http(apiKey: "");
        using var health = await trusting.GetAsync(new Uri("/health", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.True(health.IsSuccessStatusCode, $"/health answered {(int)health.StatusCode}\n{Suite.Diagnostics()}");

        // A client with the system's trust store does not know the gateway's certificate: the handshake must fail.
        using var stranger = new HttpClient { BaseAddress = Suite.Gateway.Address };
        await Assert.ThrowsAsync<HttpRequestException>(() =>
            stranger.GetAsync(new Uri("/health", UriKind.Relative), TestContext.Current.CancellationToken));

        // Independent AD helper: accounts made in parallel exist and log on with their passwords.
        var dc = DomainController.Shared();
        await using var accounts = new AdAccounts(dc);
        var made = await accounts.CreateAsync(5);
        Assert.All(made, account => AdProof.AssertAccepts(dc, account, account.InitialPassword, "its initial password",
            Suite.Diagnostics));
        Assert.Contains("data 52e", dc.TryBind(made[0].UserPrincipalName, accounts.NewPassword()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_then_save_and_sync_puts_the_new_password_in_AD_and_the_vault()
    {
        var dc = DomainController.Shared();
        await using var accounts = new AdAccounts(dc);
        using var api = new ApiScenario(Suite);
        var created = await accounts.CreateAsync(2);
        var (account, recordless) = (created[0], created[1]);

        await api.RegisterDirectoryAsync(dc);
        var listId = await api.CreateReadyListAsync($"e2e save and sync {accounts.RunId}");
        var record = await api.AddRecordAsync(listId, dc, account.SamAccountName, account.InitialPassword);

        // Stored password, gRPC face.
        var stored = await api.Sync.CheckRecordPasswordAsync(new CheckRecordPasswordRequest { RecordId = record.Id },
            cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(stored.Status == CheckStatus.InSync, $"Stored password check: {stored}\n{Suite.Diagnostics()}");

        // Candidates, HTTP face: a wrong one is a mismatch, the right one is in sync; the account-level check works
        // before any record exists.
        using var http = Suite.Http();
        var wrong = accounts.NewPassword();
        var mismatch = await JsonApi.PostAsync(http, $"/v1/records/{record.Id}:checkPassword",
            new JsonObject { ["candidatePassword"] = wrong });
        Assert.Equal("CHECK_STATUS_MISMATCH", (string?)mismatch["status"]);
        var before = await JsonApi.PostAsync(http, $"/v1/lists/{listId}:checkPassword", new JsonObject
        {
            ["userName"] = recordless.SamAccountName,
            ["domainOrHost"] = dc.DomainName,
            ["candidatePassword"] = recordless.InitialPassword,
        });
        Assert.Equal("CHECK_STATUS_IN_SYNC", (string?)before["status"]);

        // Save and sync over HTTP/JSON, with the version as it is now (checks record what they found).
        record = await api.GetRecordAsync(record.Id);
        var newPassword = accounts.NewPassword();
        var outcome = await JsonApi.PostAsync(http, $"/v1/records/{record.Id}:saveAndSync", new JsonObject
        {
            ["version"] = record.Version,
            ["newPassword"] = newPassword,
        });
        Assert.True((bool?)outcome["vaultUpdated"] == true && (bool?)outcome["directoryUpdated"] == true
            && (bool?)outcome["verified"] == true, $"Save and sync answered {outcome}\n{Suite.Diagnostics()}");

        // Independent proof: a bind with a password AD never had before succeeds only if AD holds it now.
        AdProof.AssertAccepts(dc, account, newPassword, "the saved password", Suite.Diagnostics);
        Assert.Equal(newPassword, await api.RevealAsync(record.Id));
        var synced = await api.GetRecordAsync(record.Id);
        Assert.Equal(SyncState.InSync, synced.SyncState);
        Assert.False(synced.RotationPending);

        // Rotate (generated from the list's policy) through gRPC: a fresh password, again in both places.
        var rotated = await api.Sync.RotateAsync(new RotateRequest { RecordId = record.Id, Version = synced.Version },
            cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(rotated.VaultUpdated && rotated.DirectoryUpdated, $"Rotate answered {rotated}\n{Suite.Diagnostics()}");
        var generated = await api.RevealAsync(record.Id);
        Assert.NotEqual(newPassword, generated);
        AdProof.AssertAccepts(dc, account, generated, "the generated password", Suite.Diagnostics);

        Suite.AssertNoSecretLeaked(api.Secrets.Concat(accounts.Passwords));
    }

    [Fact]
    public async Task Registering_a_directory_twice_is_refused_with_the_reason_and_changes_nothing()
    {
        var dc = DomainController.Shared();
        using var api = new ApiScenario(Suite);
        await api.RegisterDirectoryAsync(dc);

        using var http = Suite.Http();
        using var content = new StringContent(ApiScenario.TargetJson(dc).ToJsonString(), System.Text.Encoding.UTF8,
            "application/json");
        using var response = await http.PostAsync(new Uri("/v1/targets", UriKind.Relative), content,
            TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Conflict,
            $"A second registration of {dc.DomainName} answered {(int)response.StatusCode}: {body}");
        Assert.Contains("already", body, StringComparison.OrdinalIgnoreCase);
        var targets = await JsonApi.GetAsync(http, "/v1/targets");
        Assert.Single(targets["targets"]!.AsArray());
        Suite.AssertNoSecretLeaked(api.Secrets);
    }

    [Fact]
    public async Task A_password_AD_refuses_changes_neither_the_vault_nor_AD()
    {
        var dc = DomainController.Shared();
        await using var accounts = new AdAccounts(dc);
        using var api = new ApiScenario(Suite);
        var account = (await accounts.CreateAsync(1))[0];
        await api.RegisterDirectoryAsync(dc);
        var listId = await api.CreateReadyListAsync($"e2e refused {accounts.RunId}");
        var record = await api.AddRecordAsync(listId, dc, account.SamAccountName, account.InitialPassword);

        // Long enough for any length rule, but all lower case: the domain's complexity rule refuses it.
        var refused = "onlylowercaseletters" + accounts.RunId.Replace("0", "a", StringComparison.Ordinal);
        api.Remember(refused);
        using var http = Suite.Http();
        using var content = new StringContent(
            new JsonObject { ["version"] = record.Version, ["newPassword"] = refused }.ToJsonString(),
            System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri($"/v1/records/{record.Id}:saveAndSync", UriKind.Relative),
            content, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        // Either the gateway refuses the request, or the directory refuses the write and the rotation is aborted with
        // the reason: in both cases nothing changed anywhere.
        if (response.IsSuccessStatusCode)
        {
            var outcome = JsonNode.Parse(body)!;
            Assert.True((bool?)outcome["vaultUpdated"] != true, $"A refused password was committed: {body}");
            Assert.False(string.IsNullOrEmpty((string?)outcome["reasonCode"]), $"No reason given: {body}");
        }

        Assert.Equal(account.InitialPassword, await api.RevealAsync(record.Id));
        Assert.False((await api.GetRecordAsync(record.Id)).RotationPending);
        Assert.NotNull(dc.TryBind(account.UserPrincipalName, refused));
        AdProof.AssertAccepts(dc, account, account.InitialPassword, "the unchanged password", Suite.Diagnostics);
        Suite.AssertNoSecretLeaked(api.Secrets.Concat(accounts.Passwords));
    }
}
