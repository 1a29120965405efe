using System.Text.Json;

namespace KeySecure.Generated.WorldFirst;

/// <summary>
/// What the handlers need from a response body before the generated client sees it: is it JSON, the
/// <c>result</c> fields, the <c>assetId</c> the answer is about, and whether card fields are present. Card values
/// themselves are never copied out.
/// </summary>
/// <remarks>
/// One forward pass with <see cref="Utf8JsonReader"/> (no document is built); reading to the end rejects truncated
/// bodies and trailing text, as parsing a document would. A member read here that appears twice (<c>result</c>,
/// <c>assetId</c>, or <c>resultStatus</c>, <c>resultCode</c>, <c>resultMessage</c> inside <c>result</c>) is named in
/// <see cref="RepeatedMember"/> rather than read last-wins: which occurrence WorldFirst meant cannot be known.
/// </remarks>
internal sealed record WorldFirstResultSnapshot(string? Status, string? Code, string? Message, string? AssetId, bool HasCardData, string? RepeatedMember = null)
{
    public static WorldFirstResultSnapshot? TryRead(ReadOnlyMemory<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body.Span);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;

            string? status = null, code = null, message = null, assetId = null, repeated = null;
            bool hasCardData = false, seenResult = false, seenAssetId = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isResult = reader.ValueTextEquals("result"u8);
                var isAssetId = reader.ValueTextEquals("assetId"u8);
                var isCardField = IsCardField(ref reader);
                if ((isResult && seenResult) || (isAssetId && seenAssetId)) repeated ??= isResult ? "result" : "assetId";
                seenResult |= isResult;
                seenAssetId |= isAssetId;
                reader.Read();
                if (isResult)
                {
                    (status, code, message) = reader.TokenType == JsonTokenType.StartObject ? ReadResult(ref reader, ref repeated) : (null, null, null);
                    if (reader.TokenType != JsonTokenType.EndObject) reader.Skip();
                }
                else
                {
                    if (isAssetId) assetId = StringOf(ref reader);
                    if (isCardField) hasCardData |= reader.TokenType != JsonTokenType.Null;
                    reader.Skip();
                }
            }
            while (reader.Read())
            {
                // To the end: a truncated body or trailing text throws here.
            }
            return new WorldFirstResultSnapshot(status, code, message, assetId, hasCardData, repeated);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The top-level <c>assetId</c> of a request body, or null when there is none, or more than one.</summary>
    public static string? AssetIdOf(ReadOnlySpan<byte> requestBody)
    {
        try
        {
            var reader = new Utf8JsonReader(requestBody);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            string? assetId = null;
            var count = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isAssetId = reader.ValueTextEquals("assetId"u8);
                reader.Read();
                if (isAssetId)
                {
                    assetId = StringOf(ref reader);
                    count++;
                }
                reader.Skip();
            }
            return count == 1 ? assetId : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // Leaves the reader on the result object's EndObject; names the first member it saw twice in `repeated`.
    private static (string? Status, string? Code, string? Message) ReadResult(ref Utf8JsonReader reader, ref string? repeated)
    {
        string? status = null, code = null, message = null;
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var member = reader.ValueTextEquals("resultStatus"u8) ? 1 : reader.ValueTextEquals("resultCode"u8) ? 2 : reader.ValueTextEquals("resultMessage"u8) ? 4 : 0;
            if ((seen & member) != 0) repeated ??= member switch { 1 => "result.resultStatus", 2 => "result.resultCode", _ => "result.resultMessage" };
            seen |= member;
            reader.Read();
            switch (member)
            {
                case 1: status = StatusOf(ref reader); break;
                case 2: code = StringOf(ref reader); break;
                case 4: message = StringOf(ref reader); break;
            }
            reader.Skip();
        }
        return (status, code, message);
    }

    // The documented statuses come back as shared strings; anything else is read as sent.
    private static string? StatusOf(ref Utf8JsonReader reader) =>
        reader.TokenType != JsonTokenType.String ? null
        : reader.ValueTextEquals("S"u8) ? "S"
        : reader.ValueTextEquals("F"u8) ? "F"
        : reader.ValueTextEquals("U"u8) ? "U"
        : reader.GetString();

    private static bool IsCardField(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("cardNo"u8) || reader.ValueTextEquals("cvv"u8)
        || reader.ValueTextEquals("expiredMonth"u8) || reader.ValueTextEquals("expiredYear"u8);

    private static string? StringOf(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
}
