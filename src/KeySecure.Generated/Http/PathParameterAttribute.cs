namespace KeySecure.Generated.Http;

/// <summary>
/// Marks a generated method's path parameter with its name in the spec (build/templates/Client.Interface.liquid), so
/// <see cref="SdkUrlParameterFormatter"/> can check the value and name the parameter when it refuses one.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
internal sealed class PathParameterAttribute(string name) : Attribute
{
    /// <summary>The parameter's name in the spec, e.g. <c>cardNo</c>.</summary>
    public string Name { get; } = name;
}
