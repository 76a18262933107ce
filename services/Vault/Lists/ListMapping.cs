using Google.Protobuf.WellKnownTypes;
using PasswordSync.Vault.Readiness;
using ModelList = PasswordSync.Vault.Model.PasswordList;
using ProtoList = PasswordSync.Vault.V1.PasswordList;
using ProtoReadiness = PasswordSync.Vault.V1.ListReadiness;

namespace PasswordSync.Vault.Lists;

/// <summary>Lists from the model to the wire, with their computed readiness.</summary>
public static class ListMapping
{
    public static ProtoList ToProto(ModelList list) => new()
    {
        Id = list.Id,
        Name = list.Name,
        Description = list.Description,
        Fields = FieldConfigurationMapping.ToProto(list.Fields),
        Policy = PolicyMapping.ToProto(list.Policy),
        PreventReuseCount = list.PreventReuseCount,
        Version = list.Version,
        CreateTime = Timestamp.FromDateTimeOffset(list.CreatedAt),
        UpdateTime = Timestamp.FromDateTimeOffset(list.UpdatedAt),
        Readiness = ToProto(ListReadiness.Evaluate(list.Fields)),
    };

    public static ProtoReadiness ToProto(ListReadinessResult readiness)
    {
        var proto = new ProtoReadiness { Ready = readiness.Ready };
        proto.Missing.AddRange(readiness.Missing.Select(p => new V1.ReadinessProblem { Code = p.Code, Message = p.Message }));
        return proto;
    }
}
