using System.Text.Json.Serialization;
using KeySecure.Generated.OpenPlatform;

namespace KeySecure.Generated.AspNetCore;

/// <summary>Source-generated serialization of the reply (trim- and AOT-safe).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(WebhookReply))]
internal sealed partial class WebhookReplyJsonContext : JsonSerializerContext
{
}
