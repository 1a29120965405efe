using System.Globalization;
using System.Reflection;
using Refit;

namespace KeySecure.Generated.Http;

/// <summary>
/// Formats the values Refit's generated code places in URLs. Path parameters (marked <see cref="PathParameterAttribute"/>)
/// are checked by <see cref="PathParameters"/> before the request exists; anything else is formatted invariantly, the
/// way the previous generated clients did, without Refit's reflection-based default.
/// </summary>
internal sealed class SdkUrlParameterFormatter : IUrlParameterFormatter
{
    public string? Format(object? value, ICustomAttributeProvider attributeProvider, Type type)
    {
        if (attributeProvider.GetCustomAttributes(typeof(PathParameterAttribute), inherit: false) is [PathParameterAttribute path, ..])
        {
            return PathParameters.Check(path.Name, value as string ?? (value is null ? null : Invariant(value)));
        }
        return value is null ? null : Invariant(value);
    }

    private static string Invariant(object value) => value switch
    {
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
