namespace KeySecure.Generated.Tests;
public class SmokeTests { [Fact] public void Metadata_parses_effect() => Assert.True(new KeySecure.Generated.Http.OperationMetadata("X","read","token","","").IsRetrySafe); }
