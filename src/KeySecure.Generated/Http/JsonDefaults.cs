using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace KeySecure.Generated.Http;

/// <summary>
/// The serializer settings every generated client uses (Refit's content serializer, <see cref="SdkContentSerializer"/>,
/// serializes through the methods below), so the wire format is decided in one place and no call needs reflection.
/// </summary>
internal static class JsonDefaults
{
    /// <summary>Applies the SDK's settings to the options a generated client creates.</summary>
    /// <remarks>
    /// Unset optional fields are left out rather than sent as <c>null</c>: the providers read some fields by presence
    /// (<c>cardholder_no</c> only when updating a cardholder, <c>address_info</c> that must be complete when sent).
    /// Read generously: a number may arrive as a JSON number or a numeric string, and an optional number as an empty
    /// string (read as no value); a string that is not a number still fails. A flag may arrive as a boolean, a
    /// <c>"true"</c>/<c>"false"</c> string or 1/0. A string may arrive as a JSON number or boolean, read as its JSON
    /// text (<c>1234</c> is <c>"1234"</c>). Write strictly: numbers are written as JSON numbers, flags as JSON booleans
    /// and strings as JSON strings. Everything is set on the options, not on properties, so source-generated metadata honours it.
    /// Metadata comes from the contexts generated from the specs (written at build time by build/JsonContextWriter.cs), which keeps the
    /// SDK trim- and NativeAOT-safe.
    /// </remarks>
    public static JsonSerializerOptions Apply(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.NumberHandling = JsonNumberHandling.AllowReadingFromString;
        options.Converters.Add(new TolerantNullableNumberConverter<decimal>());
        options.Converters.Add(new TolerantNullableNumberConverter<int>());
        options.Converters.Add(new TolerantNullableNumberConverter<long>());
        options.Converters.Add(new TolerantBooleanConverter());
        options.Converters.Add(new TolerantStringConverter());
        options.TypeInfoResolver = JsonTypeInfoResolver.Combine(
                OpenPlatform.OpenPlatformJsonContext.Default,
                WorldFirst.WorldFirstJsonContext.Default)
            .WithAddedModifier(RequiredProperties.Capture);
        return options;
    }

    /// <summary>Options with the SDK's settings, for code outside the generated clients (webhooks, tests, tools).</summary>
    public static JsonSerializerOptions Options { get; } = CreateReadOnly();

    /// <summary>
    /// Serializes a request body with the source-generated metadata in <paramref name="options"/>, after checking that
    /// every property the specification requires is set.
    /// </summary>
    /// <exception cref="Exceptions.KeySecureValidationException">A required property is null; nothing is sent.</exception>
    public static byte[] SerializeToUtf8Bytes<T>(T value, JsonSerializerOptions options)
    {
        var typeInfo = TypeInfo<T>(options);
        RequiredProperties.Check(value, typeInfo);
        return JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
    }

    /// <summary>Deserializes with the source-generated metadata in <paramref name="options"/>.</summary>
    public static T? Deserialize<T>(string json, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize(json, TypeInfo<T>(options));

    /// <summary>Deserializes a stream with the source-generated metadata in <paramref name="options"/>.</summary>
    public static ValueTask<T?> DeserializeAsync<T>(Stream utf8Json, JsonSerializerOptions options, CancellationToken cancellationToken) =>
        JsonSerializer.DeserializeAsync(utf8Json, TypeInfo<T>(options), cancellationToken);

    internal static JsonTypeInfo<T> TypeInfo<T>(JsonSerializerOptions options) => (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));

    private static JsonSerializerOptions CreateReadOnly()
    {
        var options = Apply(new JsonSerializerOptions());
        options.MakeReadOnly();
        return options;
    }
}
