using Microsoft.Extensions.Options;

namespace KeySecure.Generated.WorldFirst;

/// <summary>The static case: <see cref="WorldFirstOptions.AccessToken"/>, used when no other source is registered.</summary>
internal sealed class OptionsAccessTokenSource(IOptions<WorldFirstOptions> options) : IWorldFirstAccessTokenSource
{
    public ValueTask<string?> GetAsync(CancellationToken cancellationToken) => ValueTask.FromResult(options.Value.AccessToken);
}
