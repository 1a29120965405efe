using System.Globalization;
using Refit;
#if NET10_0_OR_GREATER
// Refit 17 (net10.0) hands formatters the attributes its generator precomputed; Refit 16 (net8.0, the newest Refit
// with a net8.0 build) hands them the reflected parameter. Both expose GetCustomAttributes(Type, bool).
using ParameterAttributes = Refit.IParameterAttributeProvider;
#else
using ParameterAttributes = System.Reflection.ICustomAttributeProvider;
#endif

namespace KeySecure.Generated.Http;

/// <summary>
/// Formats the values Refit's generated code places in URLs. Path parameters (marked <see cref="PathParameterAttribute"/>)
/// are checked by <see cref="PathParameters"/> before the request exists; anything else is formatted invariantly, the
/// way the previous generated clients did, without Refit's reflection-based default.
/// </summary>
internal sealed class SdkUrlParameterFormatter : IUrlParameterFormatter
{
    public string? Format(object? value, ParameterAttributes attributeProvider, Type type)
    {
        if (PathAttributeOf(attributeProvider) is { } path)
        {
            return PathParameters.Check(path.Name, value as string ?? (value is null ? null : Invariant(value)));
        }
        return value is null ? null : Invariant(value);
    }

#if NET10_0_OR_GREATER
    // Refit 17's generator precomputed the attributes: reading them costs no reflection.
    private static PathParameterAttribute? PathAttributeOf(ParameterAttributes attributes) =>
        attributes.GetCustomAttributes(typeof(PathParameterAttribute), inherit: false) is [PathParameterAttribute path, ..] ? path : null;
#else
    // Refit 16 hands over the reflected parameter on every call: its attribute is looked up once per parameter.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ParameterAttributes, System.Runtime.CompilerServices.StrongBox<PathParameterAttribute?>> PathAttributes = new();

    private static PathParameterAttribute? PathAttributeOf(ParameterAttributes attributes) =>
        PathAttributes.GetValue(attributes, static provider => new(
            provider.GetCustomAttributes(typeof(PathParameterAttribute), inherit: false) is [PathParameterAttribute path, ..] ? path : null)).Value;
#endif

    private static string Invariant(object value) => value switch
    {
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
