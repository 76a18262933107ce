using PasswordSync.Directory.V1;

namespace PasswordSync.DirectorySync.Tests.ActiveDirectory;

/// <summary>Bulk resets and verifies over one bidirectional stream (real Samba DC).</summary>
public sealed class BulkPasswordsTests : IAsyncLifetime
{
    private readonly DirectorySyncHost host = new();
    private readonly List<string> secrets = [SambaDomain.AdminPassword];

    [Fact]
    public async Task Bulk_resets_and_verifies_answer_every_item_and_a_failed_item_does_not_end_the_stream()
    {
        var ct = TestContext.Current.CancellationToken;
        var users = Enumerable.Range(0, 5).Select(_ => SambaDomain.CreateUser()).ToList();
        var newPasswords = users.Select(_ => SambaDomain.NewPassword()).ToList();
        secrets.AddRange(users.Select(u => u.Password).Concat(newPasswords));

        using var call = host.Client.BulkPasswords(cancellationToken: ct);
        var first = new BulkRequest { Target = SambaDomain.Target() };
        for (var i = 0; i < users.Count; i++)
        {
            first.Items.Add(new BulkItem
            {
                ItemId = $"reset-{i}",
                Account = users[i].Name,
                Reset = new BulkReset { NewPassword = newPasswords[i], VerifyAfterWrite = true },
            });
        }

        await call.RequestStream.WriteAsync(first, ct);
        var second = new BulkRequest();
        second.Items.Add(new BulkItem
        {
            ItemId = "unknown",
            Account = "nobody-" + Guid.NewGuid().ToString("N")[..6],
            Reset = new BulkReset { NewPassword = newPasswords[0] }
        });
        second.Items.Add(new BulkItem
        {
            ItemId = "verify-old",
            Account = users[1].Name,
            Verify = new BulkVerify { Password = "Wrong-" + newPasswords[1] }
        });
        await call.RequestStream.WriteAsync(second, ct);
        await call.RequestStream.CompleteAsync();

        var responses = new Dictionary<string, BulkResponse>();
        await foreach (var response in call.ResponseStream.ReadAllAsync(ct))
        {
            responses.Add(response.ItemId, response);
        }

        Assert.Equal(users.Count + 2, responses.Count);
        for (var i = 0; i < users.Count; i++)
        {
            Assert.Equal(VerifyOutcome.Accepted, responses[$"reset-{i}"].Reset.Verification.Outcome);
            Assert.True(SambaDomain.CanBind(users[i].Dn, newPasswords[i]));
        }

        Assert.Equal((int)StatusCode.NotFound, responses["unknown"].Error.Code);
        Assert.Equal(Common.V1.Reason.AccountNotFound, responses["unknown"].Error.Reason);
        Assert.Equal(VerifyOutcome.Rejected, responses["verify-old"].Verify.Outcome);
    }

    [Fact]
    public async Task Bulk_stream_without_a_target_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        using var call = host.Client.BulkPasswords(cancellationToken: ct);
        var request = new BulkRequest();
        request.Items.Add(new BulkItem { ItemId = "1", Account = "alice", Verify = new BulkVerify { Password = "x" } });
        await call.RequestStream.WriteAsync(request, ct);
        await call.RequestStream.CompleteAsync();

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var _ in call.ResponseStream.ReadAllAsync(ct))
            {
            }
        });

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["target"], error.GetViolatedFields());
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        host.Logs.AssertNoneContains(secrets);
        await host.DisposeAsync();
    }
}
