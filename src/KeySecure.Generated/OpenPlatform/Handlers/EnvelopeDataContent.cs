using System.Text.Json;
using KeySecure.Generated.Exceptions;
using KeySecure.Generated.Http;

namespace KeySecure.Generated.OpenPlatform.Handlers;

/// <summary>
/// The <c>data</c> of an envelope the provider answered with <c>code 0</c>: a slice of the body that
/// <see cref="EnvelopeReader"/> read into a pooled buffer (or the decrypted plaintext), handed to the generated client in
/// place of the body.
/// </summary>
/// <remarks>
/// For a call that changes state or moves money, <c>code 0</c> means the change was applied, so data that cannot be
/// read is reported as <see cref="AppliedWriteUnreadableException"/>, never as a plain failure of the call.
/// </remarks>
internal sealed class EnvelopeDataContent(ArraySegment<byte> data, OperationMetadata? operation, byte[]? pooled)
    : BufferedJsonContent(data, pooled)
{
    protected override T? Deserialize<T>(JsonSerializerOptions options) where T : default
    {
        try
        {
            return base.Deserialize<T>(options);
        }
        catch (JsonException e) when (operation is { IsRetrySafe: false })
        {
            throw SdkErrors.AppliedWriteUnreadable(operation, Json.Span, e);
        }
    }
}
