using System.Text.Json;
using System.Text.Json.Serialization;

namespace KeySecure.Generated.Http;

/// <summary>
/// The serializer settings every generated client uses (nswag.json's <c>jsonSerializerSettingsTransformationMethod</c>
/// points here), so the wire format is decided in one place.
/// </summary>
public static class JsonDefaults
{
    /// <summary>Applies the SDK's settings to the options a generated client creates.</summary>
    /// <remarks>
    /// Unset optional fields are left out rather than sent as <c>null</c>: the providers read some fields by presence
    /// (<c>cardholder_no</c> only when updating a cardholder, <c>address_info</c> that must be complete when sent).
    /// Numbers may arrive as strings (money amounts do), which the providers' examples show.
    /// </remarks>
    public static JsonSerializerOptions Apply(JsonSerializerOptions options)
    {
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.NumberHandling = JsonNumberHandling.AllowReadingFromString;
        return options;
    }
}
