using System.Collections.Concurrent;
using System.Text.Json.Serialization.Metadata;
using KeySecure.Generated.Exceptions;

namespace KeySecure.Generated.Http;

/// <summary>
/// The spec's <c>required</c> lists, enforced where they help: a request missing a required field fails before it is
/// sent, naming the field; a response missing one is still read (providers omit fields, and a strict reader would turn
/// that into an outage). The generated DTOs mark required properties with <c>[JsonRequired]</c>; the resolver modifier
/// below records them and switches the deserialization check off.
/// </summary>
internal static class RequiredProperties
{
    private static readonly ConcurrentDictionary<Type, Shape> Shapes = new();

    /// <summary>A resolver modifier: remembers each type's required properties and relaxes them for reading.</summary>
    public static void Capture(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object) return;
        var required = typeInfo.Properties.Where(p => p.IsRequired).ToArray();
        foreach (var property in required)
        {
            property.IsRequired = false;
        }
        // Only DTO-typed properties can hold required fields of their own; strings and collections cannot.
        var nested = typeInfo.Properties
            .Where(p => p.PropertyType.IsClass && p.PropertyType != typeof(string) && !typeof(System.Collections.IEnumerable).IsAssignableFrom(p.PropertyType))
            .ToArray();
        Shapes[typeInfo.Type] = new Shape(required, nested);
    }

    /// <summary>Throws <see cref="KeySecureValidationException"/> when a required property of <paramref name="value"/> (or of an object it holds) is null.</summary>
    public static void Check(object? value, JsonTypeInfo typeInfo, string path = "")
    {
        if (value is null || !Shapes.TryGetValue(typeInfo.Type, out var shape)) return;
        foreach (var property in shape.Required)
        {
            if (property.Get?.Invoke(value) is null)
            {
                throw SdkErrors.Invalid(path + property.Name, "it is required by the specification", operationId: null);
            }
        }
        foreach (var property in shape.Nested)
        {
            if (property.Get?.Invoke(value) is { } nested)
            {
                Check(nested, typeInfo.Options.GetTypeInfo(property.PropertyType), path + property.Name + ".");
            }
        }
    }

    private sealed record Shape(JsonPropertyInfo[] Required, JsonPropertyInfo[] Nested);
}
