using PasswordSync.Vault.Model;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.Storage.Mongo;
using PasswordSync.Vault.Storage.Mongo.Documents;

namespace PasswordSync.Vault.Tests.Storage.Mongo;

public sealed class AuditChainVerifierTests
{
    private static List<AuditEvent> Chain(int length)
    {
        var events = new List<AuditEvent>();
        var previous = AuditChain.GenesisHash;
        for (var sequence = 1; sequence <= length; sequence++)
        {
            var draft = new AuditDraft { Action = AuditAction.PasswordRevealed, Actor = $"user{sequence}" };
            var next = AuditChain.Next(sequence, DateTimeOffset.UnixEpoch.AddMinutes(sequence), draft, null, previous);
            events.Add(next);
            previous = next.Hash;
        }

        return events;
    }

    private static AuditVerification Verify(IEnumerable<AuditEvent> events, AuditHeadDocument? head)
    {
        var verifier = new AuditChainVerifier();
        foreach (var e in events)
        {
            if (!verifier.Accept(e))
            {
                break;
            }
        }

        return verifier.Result(head);
    }

    [Fact]
    public void An_intact_chain_is_valid_and_reports_its_head()
    {
        var chain = Chain(5);

        var result = Verify(chain, new AuditHeadDocument { Sequence = 5, Hash = chain[^1].Hash });

        Assert.True(result.Valid, result.Problem);
        Assert.Equal(5, result.HeadSequence);
        Assert.Equal(chain[^1].Hash, result.HeadHash);
    }

    [Fact]
    public void An_empty_chain_is_valid_at_the_genesis_hash()
    {
        var result = Verify([], new AuditHeadDocument { Sequence = 0, Hash = AuditChain.GenesisHash });

        Assert.True(result.Valid);
        Assert.Equal(0, result.HeadSequence);
        Assert.Equal(AuditChain.GenesisHash, result.HeadHash);
    }

    [Fact]
    public void A_modified_event_is_detected_at_its_sequence()
    {
        var chain = Chain(5);
        chain[2] = chain[2] with { Actor = "mallory" };

        var result = Verify(chain, new AuditHeadDocument { Sequence = 5, Hash = chain[^1].Hash });

        Assert.False(result.Valid);
        Assert.Equal(3, result.FirstInvalidSequence);
        Assert.Contains("modified", result.Problem);
    }

    [Fact]
    public void A_removed_event_is_detected_as_a_gap()
    {
        var chain = Chain(5);
        chain.RemoveAt(3);

        var result = Verify(chain, new AuditHeadDocument { Sequence = 5, Hash = chain[^1].Hash });

        Assert.False(result.Valid);
        Assert.Equal(4, result.FirstInvalidSequence);
    }

    [Fact]
    public void A_truncated_tail_is_detected_against_the_head()
    {
        var chain = Chain(5);

        var result = Verify(chain.Take(4), new AuditHeadDocument { Sequence = 5, Hash = chain[^1].Hash });

        Assert.False(result.Valid);
        Assert.Equal(5, result.FirstInvalidSequence);
    }
}
