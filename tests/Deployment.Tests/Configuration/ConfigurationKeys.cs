using System.Collections;
using System.Reflection;
using System.Text.RegularExpressions;
using PasswordSync.ServiceDefaults.InternalTls;

namespace PasswordSync.Deployment.Tests.Configuration;

/// <summary>
/// The configuration keys a service's code really reads, found by reflection over its assembly rather than listed by
/// hand (a hand list would drift from the code):
/// - options classes: a class carrying a <c>const string Section</c> / <c>SectionName</c> (the repository's convention
///   for the section it binds) contributes one key per bindable property, nested settings classes included;
/// - the internal mutual-TLS section: every <see cref="InternalTlsService"/> the assembly declares binds
///   <see cref="InternalTlsOptions"/> under its section;
/// - single keys read directly: constants whose name ends in <c>Key</c> and whose value is a key (e.g.
///   <c>Gateway:Vault:Address</c>).
/// A key read only through a string literal elsewhere is not found, so a deployment using one fails here (safe side).
/// </summary>
internal sealed partial class ConfigurationKeys
{
    private readonly Dictionary<string, Type> _keys = new(StringComparer.OrdinalIgnoreCase);

    private ConfigurationKeys()
    {
    }

    public IReadOnlyCollection<string> All => _keys.Keys;

    /// <summary>The type the code binds the key to (string for keys read directly), or null for an unknown key.</summary>
    public Type? TypeOf(string key) => _keys.GetValueOrDefault(key);

    public static ConfigurationKeys Of(Assembly assembly)
    {
        var keys = new ConfigurationKeys();
        foreach (var type in LoadableTypes(assembly))
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static
                                                 | BindingFlags.DeclaredOnly))
            {
                if (field is { IsLiteral: true } && field.FieldType == typeof(string)
                    && field.GetRawConstantValue() is string value && KeyPattern().IsMatch(value))
                {
                    if (field.Name is "Section" or "SectionName" && IsOptionsClass(type))
                    {
                        keys.AddProperties(value, type, depth: 0);
                    }
                    else if (field.Name.EndsWith("Key", StringComparison.Ordinal))
                    {
                        keys._keys[value] = typeof(string);
                    }
                }
                else if (field is { IsInitOnly: true } && field.FieldType == typeof(InternalTlsService)
                         && field.GetValue(null) is InternalTlsService service)
                {
                    keys.AddProperties(service.SectionName, typeof(InternalTlsOptions), depth: 0);
                }
            }
        }

        return keys;
    }

    private void AddProperties(string prefix, Type type, int depth)
    {
        if (depth > 5)
        {
            return;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var key = $"{prefix}:{property.Name}";
            if (IsLeaf(property.PropertyType))
            {
                if (property.SetMethod is { IsPublic: true })
                {
                    _keys[key] = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                }
            }
            else if (property.PropertyType.IsClass && !typeof(IEnumerable).IsAssignableFrom(property.PropertyType))
            {
                AddProperties(key, property.PropertyType, depth + 1);
            }
        }
    }

    private static bool IsLeaf(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying.IsPrimitive || underlying.IsEnum || underlying == typeof(string) || underlying == typeof(decimal)
            || underlying == typeof(TimeSpan) || underlying == typeof(DateTimeOffset) || underlying == typeof(Uri);
    }

    private static bool IsOptionsClass(Type type) =>
        type is { IsClass: true, IsAbstract: false } && type.GetConstructor(Type.EmptyTypes) is not null;

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.OfType<Type>();
        }
    }

    [GeneratedRegex("^(Vault|DirectorySync|Gateway)(:[A-Za-z0-9]+)*$")]
    private static partial Regex KeyPattern();
}
