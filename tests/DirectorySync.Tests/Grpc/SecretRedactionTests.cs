using PasswordSync.Common.V1;
using PasswordSync.Directory.V1;
using PasswordSync.DirectorySync.Grpc;

namespace PasswordSync.DirectorySync.Tests.Grpc;

public sealed class SecretRedactionTests
{
    private const string Privileged = "Priv-Secret-4711!";
    private const string Old = "Old-Secret-0815!";
    private const string New = "New-Secret-2342!";

    [Fact]
    public void Generated_ToString_prints_secrets_which_is_why_the_redaction_exists()
    {
        Assert.Contains(New, Request().ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Redacted_text_of_every_request_kind_shows_no_secret_but_keeps_the_rest()
    {
        var bulk = new BulkRequest { Target = Target() };
        bulk.Items.Add(new BulkItem { ItemId = "1", Account = "alice", Reset = new BulkReset { NewPassword = New } });
        bulk.Items.Add(new BulkItem { ItemId = "2", Account = "bob", Verify = new BulkVerify { Password = Old } });
        var messages = new Google.Protobuf.IMessage[]
        {
            Request(),
            new ResetPasswordRequest { Target = Target(), Account = "alice", NewPassword = New },
            new VerifyPasswordRequest { Target = Target(), Account = "alice", Password = Old },
            bulk,
        };

        foreach (var message in messages)
        {
            var text = message.ToRedactedString();
            foreach (var secret in new[] { Privileged, Old, New })
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }

            Assert.Contains("alice", text, StringComparison.Ordinal);
            Assert.Contains(SecretRedaction.Mask, text, StringComparison.Ordinal);
            Assert.Contains("dc1.example.test", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Redaction_leaves_the_original_message_untouched()
    {
        var request = Request();
        _ = request.ToRedactedString();
        Assert.Equal(New, request.NewPassword);
        Assert.Equal(Privileged, request.Target.PrivilegedPassword);
    }

    private static ChangePasswordRequest Request() => new()
    {
        Target = Target(),
        Account = "alice",
        OldPassword = Old,
        NewPassword = New,
    };

    private static Target Target() => new()
    {
        Kind = TargetKind.ActiveDirectory,
        Endpoints = { new Endpoint { Host = "dc1.example.test", Port = 636 } },
        PrivilegedAccount = "svc@example.test",
        PrivilegedPassword = Privileged,
    };
}
