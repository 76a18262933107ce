using Grpc.Core;
using PasswordSync.ServiceDefaults;
using PasswordSync.Vault.Lists;
using PasswordSync.Vault.Passwords;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.V1;
using PasswordSync.Vault.Validation;

namespace PasswordSync.Vault.Generator;

/// <summary>gRPC password generator: from a list's policy or an explicit, validated one. Nothing is stored or logged.</summary>
internal sealed class GeneratorService(IVaultStore store, IPasswordGenerator generator)
    : V1.PasswordGenerator.PasswordGeneratorBase
{
    public const int MaxCount = 100;

    public override async Task<GeneratePasswordResponse> GeneratePassword(GeneratePasswordRequest request,
        ServerCallContext context)
    {
        var violations = new Violations();
        if (request.Count is < 0 or > MaxCount)
        {
            violations.Add("count", $"must be between 1 and {MaxCount} (0 means 1).");
        }

        Passwords.PasswordPolicy? policy = null;
        switch (request.SourceCase)
        {
            case GeneratePasswordRequest.SourceOneofCase.ListId:
                violations.ThrowIfAny();
                policy = (await ListsService.RequireListAsync(store, "list_id", request.ListId, context.CancellationToken))
                    .Policy;
                break;
            case GeneratePasswordRequest.SourceOneofCase.Policy:
                policy = PolicyMapping.FromProto(request.Policy, violations, "policy");
                break;
            default:
                violations.Add("source", "name a list (list_id) or give a policy.");
                break;
        }

        violations.ThrowIfAny();
        if (policy is null)
        {
            throw RpcErrors.InvalidArgument("policy", "cannot produce a password.");
        }

        var response = new GeneratePasswordResponse();
        var count = request.Count == 0 ? 1 : request.Count;
        for (var i = 0; i < count; i++)
        {
            response.Passwords.Add(generator.Generate(policy));
        }

        return response;
    }
}
