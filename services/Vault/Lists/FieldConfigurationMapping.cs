using PasswordSync.Vault.Model;
using PasswordSync.Vault.Validation;
using ProtoFields = PasswordSync.Vault.V1.FieldConfiguration;
using ProtoGenericField = PasswordSync.Vault.V1.GenericField;
using ProtoStandardField = PasswordSync.Vault.V1.StandardField;

namespace PasswordSync.Vault.Lists;

/// <summary>A list's field configuration between the wire and the model, with its rules.</summary>
public static class FieldConfigurationMapping
{
    public const int MaxGenericFields = 10;
    public const int MaxLabelLength = 64;

    private static readonly (ProtoStandardField Proto, StandardFields Model)[] Standard =
    [
        (ProtoStandardField.Title, StandardFields.Title),
        (ProtoStandardField.UserName, StandardFields.UserName),
        (ProtoStandardField.AccountType, StandardFields.AccountType),
        (ProtoStandardField.Description, StandardFields.Description),
        (ProtoStandardField.Url, StandardFields.Url),
        (ProtoStandardField.Notes, StandardFields.Notes),
        (ProtoStandardField.ExpiryDate, StandardFields.ExpiryDate),
    ];

    /// <summary>"generic1".."generic10".</summary>
    public static IReadOnlyList<string> GenericKeys { get; } =
        Enumerable.Range(1, MaxGenericFields).Select(n => $"generic{n}").ToArray();

    public static ProtoFields ToProto(FieldConfiguration fields)
    {
        var proto = new ProtoFields();
        proto.StandardFields.AddRange(Standard.Where(s => fields.StandardFields.HasFlag(s.Model)).Select(s => s.Proto));
        proto.GenericFields.AddRange(fields.GenericFields.Select(g => new ProtoGenericField { Key = g.Key, Label = g.Label }));
        return proto;
    }

    /// <summary>The model configuration; problems are added under <paramref name="prefix"/> (e.g. "list.fields").</summary>
    public static FieldConfiguration FromProto(ProtoFields? proto, Violations violations, string prefix)
    {
        proto ??= new ProtoFields();
        var standard = StandardFields.None;
        for (var i = 0; i < proto.StandardFields.Count; i++)
        {
            var match = Standard.FirstOrDefault(s => s.Proto == proto.StandardFields[i]);
            if (match.Model == StandardFields.None)
            {
                violations.Add($"{prefix}.standard_fields[{i}]", "is not a known standard field.");
            }

            standard |= match.Model;
        }

        if (proto.GenericFields.Count > MaxGenericFields)
        {
            violations.Add($"{prefix}.generic_fields", $"has more than {MaxGenericFields} generic fields.");
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        var labels = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var generic = new List<GenericField>();
        for (var i = 0; i < proto.GenericFields.Count; i++)
        {
            var field = proto.GenericFields[i];
            var path = $"{prefix}.generic_fields[{i}]";
            if (!GenericKeys.Contains(field.Key, StringComparer.Ordinal))
            {
                violations.Add(path + ".key", "must be one of generic1..generic10.");
            }
            else if (!keys.Add(field.Key))
            {
                violations.Add(path + ".key", $"'{field.Key}' is used by another generic field of this list.");
            }

            TextRules.SingleLine(violations, path + ".label", field.Label, MaxLabelLength, required: true);
            var label = field.Label.Trim();
            // Compared trimmed and case-insensitively, as readiness compares "Domain or Host".
            if (label.Length > 0 && !labels.Add(label))
            {
                violations.Add(path + ".label", "is the same as another generic field's label (labels are compared case-insensitively).");
            }

            generic.Add(new GenericField(field.Key, label));
        }

        var ordered = generic.OrderBy(g => g.Key.Length).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        return new FieldConfiguration(standard, ordered);
    }
}
