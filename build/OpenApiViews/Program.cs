using KeySecure.Generated.Build.OpenApiViews;

// Usage: OpenApiViews <spec.yaml> <view.json>       the client view (ClientView.cs)
//        OpenApiViews --wire <spec.yaml> <wire.json>  the spec as written, in JSON (WireDocument.cs)
// Exit codes: 0 written; 1 the spec does not read or does not follow the envelope convention (the message says where);
// 2 wrong arguments.
var wire = args is ["--wire", _, _];
if (wire) args = args[1..];
if (args.Length != 2)
{
    Console.Error.WriteLine("Usage: OpenApiViews [--wire] <spec.yaml> <out.json>");
    return 2;
}

try
{
    if (wire) await WireDocument.WriteAsync(args[0], args[1]);
    else await ClientView.WriteAsync(args[0], args[1]);
    return 0;
}
catch (SpecConventionException e)
{
    // MSBuild's canonical error format, so the IDE and the build log point at the spec.
    Console.Error.WriteLine($"{Path.GetFullPath(args[0])}: error KSGEN003: {e.Message}");
    return 1;
}
