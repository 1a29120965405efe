using KeySecure.Generated.Exceptions;

namespace KeySecure.Generated.Http;

/// <summary>
/// The innermost handler of both pipelines: refuses an answer whose request is no longer for the URL the attempt was
/// sent to, which is what a primary handler that followed a redirect returns (it rewrites
/// <see cref="HttpRequestMessage.RequestUri"/> as it goes).
/// </summary>
/// <remarks>
/// <see cref="ProviderTransport.FollowNoRedirects"/> turns redirects off on the SDK's primary handler, but a merchant may
/// replace it (<c>ConfigurePrimaryHttpMessageHandler(() =&gt; new HttpClientHandler())</c>, a proxy's handler) after the SDK
/// configured it. Such an answer comes from a host or path nobody configured, so it is never used; a 3xx that arrives
/// as such is refused by the envelope and result readers. The outcome follows the final status
/// (<see cref="CallOutcome.MayHaveBeenProcessed"/>): a 307 or 308 resends a write's body, which may then be applied.
/// </remarks>
internal sealed class SameUrlHandler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var sentTo = request.RequestUri;
        var sending = base.SendAsync(request, cancellationToken);
        // An answer already there (a canned or cached one) is checked without an async state machine.
        return sending.IsCompletedSuccessfully
            ? IsFromAnotherUrl(sending.Result, sentTo) ? Task.FromException<HttpResponseMessage>(Refuse(sending.Result)) : sending
            : CheckAsync(sending, sentTo);
    }

    private static async Task<HttpResponseMessage> CheckAsync(Task<HttpResponseMessage> sending, Uri? sentTo)
    {
        var response = await sending.ConfigureAwait(false);
        if (IsFromAnotherUrl(response, sentTo)) throw Refuse(response);
        return response;
    }

    private static bool IsFromAnotherUrl(HttpResponseMessage response, Uri? sentTo) =>
        response.RequestMessage?.RequestUri is { } answered && sentTo is not null && !answered.Equals(sentTo);

    // The URLs are not named: a path may hold an identifier, and a redirect target is whatever the answer said.
    private static ProviderResponseException Refuse(HttpResponseMessage response)
    {
        using (response)
        {
            var status = (int)response.StatusCode;
            var operation = response.RequestMessage is { } request ? OperationMetadata.Of(request) : null;
            return SdkErrors.Unreadable(
                "The request was redirected to another URL, which the SDK does not follow; the answer from there is not used",
                status, excerptSource: null, operation);
        }
    }
}
