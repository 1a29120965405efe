using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace KeySecure.Sandbox;

/// <summary>
/// How the sandbox fails a call on purpose, so a merchant's own tests can reach their handling of transport errors,
/// timeouts, provider codes and unreadable answers; give it to <see cref="SandboxServer.FailNext"/>.
/// </summary>
public sealed class SandboxFault
{
    private enum Kind
    {
        ConnectionReset,
        Delay,
        HttpStatus,
        ProviderCode,
        UnreadableData,
        AppliedThenReset,
    }

    /// <summary>The <c>data</c> of <see cref="UnreadableData"/>: a string where an object is expected, and not Base64 either.</summary>
    internal const string Unreadable = "sandbox:unreadable-data";

    private readonly Kind _kind;
    private readonly TimeSpan _delay;
    private readonly int _number;
    private readonly string? _message;

    private SandboxFault(Kind kind, TimeSpan delay = default, int number = 0, string? message = null)
    {
        _kind = kind;
        _delay = delay;
        _number = number;
        _message = message;
    }

    /// <summary>The connection is reset before anything is applied or answered.</summary>
    public static SandboxFault ConnectionReset() => new(Kind.ConnectionReset);

    /// <summary>
    /// The call waits <paramref name="delay"/> on the sandbox's clock (<see cref="SandboxOptions.TimeProvider"/>) before
    /// it is applied and answered; a client that gives up first (its timeout) leaves it unapplied.
    /// </summary>
    public static SandboxFault Delay(TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(delay), "The delay must be positive.");
        return new(Kind.Delay, delay: delay);
    }

    /// <summary>An HTTP status (e.g. 500, 502, 503, 429) with an empty body; nothing is applied.</summary>
    public static SandboxFault HttpStatus(int status)
    {
        if (status is < 300 or > 599) throw new ArgumentOutOfRangeException(nameof(status), "The status must be 3xx, 4xx or 5xx.");
        return new(Kind.HttpStatus, number: status);
    }

    /// <summary>
    /// The provider's envelope with this error code (e.g. 1007 token invalid, 1009 too frequent, 4005 card status) and
    /// <c>data: null</c>, answered with HTTP 200; nothing is applied. KeySecure operations only.
    /// </summary>
    public static SandboxFault ProviderCode(int code, string? message = null)
    {
        if (code == 0) throw new ArgumentOutOfRangeException(nameof(code), "Code 0 is success; use UnreadableData for a success that cannot be read.");
        return new(Kind.ProviderCode, number: code, message: message ?? "sandbox fault: code " + code.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The call is applied, then answered <c>code 0</c> with a <c>data</c> that cannot be read. KeySecure operations only.</summary>
    public static SandboxFault UnreadableData() => new(Kind.UnreadableData);

    /// <summary>
    /// The call is applied (state changes, webhooks are sent), then the connection is reset instead of the answer: the
    /// client cannot know the outcome and has to read it back.
    /// </summary>
    public static SandboxFault AppliedThenReset() => new(Kind.AppliedThenReset);

    /// <summary>Whether this fault answers with the KeySecure envelope, which WorldFirst does not speak.</summary>
    internal bool NeedsEnvelope => _kind is Kind.ProviderCode or Kind.UnreadableData;

    /// <inheritdoc />
    public override string ToString() => _kind switch
    {
        Kind.Delay => $"Delay({_delay})",
        Kind.HttpStatus or Kind.ProviderCode => $"{_kind}({_number.ToString(CultureInfo.InvariantCulture)})",
        _ => _kind.ToString(),
    };

    /// <summary>
    /// Answers <paramref name="http"/> as the fault says; <paramref name="proceed"/> applies and answers the call as if
    /// there were no fault, <paramref name="writeEnvelope"/> writes a KeySecure envelope (code, msg, data).
    /// </summary>
    internal async Task AnswerAsync(HttpContext http, TimeProvider time, Func<Task> proceed, Func<int, string, JsonNode?, Task> writeEnvelope)
    {
        switch (_kind)
        {
            case Kind.ConnectionReset:
                http.Abort();
                return;
            case Kind.Delay:
                await Task.Delay(_delay, time, http.RequestAborted).ConfigureAwait(false);
                await proceed().ConfigureAwait(false);
                return;
            case Kind.HttpStatus:
                http.Response.StatusCode = _number;
                return;
            case Kind.ProviderCode:
                await writeEnvelope(_number, _message!, null).ConfigureAwait(false);
                return;
            case Kind.UnreadableData:
                await ApplyUnansweredAsync(http, proceed).ConfigureAwait(false);
                http.Response.Clear();
                await writeEnvelope(0, "Success", JsonValue.Create(Unreadable)).ConfigureAwait(false);
                return;
            case Kind.AppliedThenReset:
                await ApplyUnansweredAsync(http, proceed).ConfigureAwait(false);
                http.Abort();
                return;
        }
    }

    /// <summary>Applies the call with its answer written to a buffer that is thrown away, so no byte of it leaves.</summary>
    private static async Task ApplyUnansweredAsync(HttpContext http, Func<Task> proceed)
    {
        var body = http.Response.Body;
        await using var discarded = new MemoryStream();
        http.Response.Body = discarded;
        try
        {
            await proceed().ConfigureAwait(false);
        }
        finally
        {
            http.Response.Body = body;
        }
    }
}
