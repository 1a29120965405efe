namespace KeySecure.Generated.Build.OpenApiViews;

/// <summary>The spec does not read, or a response does not follow the convention its <c>x-keysecure-envelope</c> declares.</summary>
public sealed class SpecConventionException(string message) : Exception(message);
