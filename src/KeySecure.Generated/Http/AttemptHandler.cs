namespace KeySecure.Generated.Http;

/// <summary>
/// The per-attempt handler of a pipeline whose provider needs nothing else per attempt from this layer (WorldFirst):
/// each attempt is numbered, logged and recorded by <see cref="AttemptRecorder"/> around the handlers inside it.
/// </summary>
internal sealed class AttemptHandler(AttemptRecorder recorder) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var attempt = recorder.Start(request);
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            recorder.Succeeded(request, attempt, response);
            return response;
        }
        catch (Exception thrown)
        {
            var failure = recorder.Failed(request, attempt, thrown, cancellationToken);
            if (ReferenceEquals(failure, thrown)) throw;
            throw failure;
        }
    }
}
