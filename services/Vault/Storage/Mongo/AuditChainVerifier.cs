using PasswordSync.Vault.Model;
using PasswordSync.Vault.Storage.Mongo.Documents;

namespace PasswordSync.Vault.Storage.Mongo;

/// <summary>
/// Walks the chain in sequence order: each event must follow the previous without a gap, point at its hash, and
/// hash to what it stores; the last one must be what the head document says.
/// </summary>
internal sealed class AuditChainVerifier
{
    private long lastSequence;
    private byte[] lastHash = AuditChain.GenesisHash;
    private long? invalidAt;
    private string problem = "";

    /// <summary>False at the first break (the rest is not checked: it cannot be trusted).</summary>
    public bool Accept(AuditEvent e)
    {
        if (e.Sequence != lastSequence + 1)
        {
            return Fail(lastSequence + 1, $"Event {lastSequence + 1} is missing (the next stored event is {e.Sequence}).");
        }

        if (!e.PreviousHash.AsSpan().SequenceEqual(lastHash))
        {
            return Fail(e.Sequence, $"Event {e.Sequence} does not point at the hash of event {lastSequence}.");
        }

        if (!AuditChain.ComputeHash(e).AsSpan().SequenceEqual(e.Hash))
        {
            return Fail(e.Sequence, $"Event {e.Sequence} was modified: its content does not match its hash.");
        }

        lastSequence = e.Sequence;
        lastHash = e.Hash;
        return true;
    }

    public AuditVerification Result(AuditHeadDocument? head)
    {
        if (invalidAt is null && head is not null)
        {
            if (head.Sequence != lastSequence)
            {
                Fail(lastSequence + 1, $"The head says {head.Sequence} events, but the chain ends at {lastSequence}.");
            }
            else if (!head.Hash.AsSpan().SequenceEqual(lastHash))
            {
                Fail(lastSequence, $"The head's hash does not match event {lastSequence}.");
            }
        }

        return new AuditVerification(invalidAt is null, lastSequence, lastHash, invalidAt, problem);
    }

    private bool Fail(long sequence, string why)
    {
        invalidAt = sequence;
        problem = why;
        return false;
    }
}
