using System.Text.Json.Serialization;

namespace KeySecure.Generated.OpenPlatform.Handlers;

/// <summary>Source-generated metadata for the few types the handlers read themselves (trim- and AOT-safe).</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class EnvelopeJsonContext : JsonSerializerContext
{
}
