using System.Text.Json.Nodes;
using KeySecure.Cli.CallTable;

namespace KeySecure.Cli.Tests.Call;

/// <summary>The build-time writer of the call table: an operation added to a spec's view becomes an entry, with its fields, effect and call.</summary>
public sealed class CallTableTests
{
    [Fact]
    public void An_operation_added_to_the_view_becomes_a_table_entry_calling_its_generated_method()
    {
        var view = Path.Combine(Path.GetTempPath(), $"calltable-{Guid.NewGuid():N}.view.json");
        var document = new JsonObject
        {
            ["paths"] = new JsonObject
            {
                ["/card/rename"] = new JsonObject
                {
                    ["post"] = new JsonObject
                    {
                        ["tags"] = new JsonArray("Cards"),
                        ["operationId"] = "RenameCard",
                        ["summary"] = "Rename a card",
                        ["x-keysecure-effect"] = "change-state",
                        ["requestBody"] = new JsonObject { ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/RenameCardRequest" } } } },
                    },
                },
            },
            ["components"] = new JsonObject
            {
                ["schemas"] = new JsonObject
                {
                    ["RenameCardRequest"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["required"] = new JsonArray("card_no"),
                        ["properties"] = new JsonObject
                        {
                            ["card_no"] = new JsonObject { ["type"] = "string", ["description"] = "The card." },
                            ["label"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("Work", "Home") },
                        },
                    },
                },
            },
        };
        File.WriteAllText(view, document.ToJsonString());
        try
        {
            var source = CallTableWriter.Write([SpecOperations.Read(view, "KeySecure.Generated.OpenPlatform", "KeySecure.{tag}")]);

            Assert.Contains("""new("RenameCard", "Cards", "POST", "/card/rename", "Rename a card",""", source);
            Assert.Contains("CallEffect.ChangeState", source);
            Assert.Contains("""new("card_no", FieldType.String, null, true, "The card.", [], false),""", source);
            Assert.Contains("""new("label", FieldType.String, null, false, null, ["Work", "Home"], false),""", source);
            Assert.Contains("c.KeySecure.Cards.RenameCardAsync(i.Body<global::KeySecure.Generated.OpenPlatform.RenameCardRequest>(), ct)", source);
        }
        finally
        {
            File.Delete(view);
        }
    }

    [Theory]
    [InlineData("transfers create", true)]
    [InlineData("transfers", false)]
    [InlineData("Transfers Create", false)]
    [InlineData("transfers create now", false)]
    public void A_named_cli_path_is_two_kebab_case_words_or_the_build_refuses_it(string cliPath, bool accepted)
    {
        var view = Path.Combine(Path.GetTempPath(), $"calltable-{Guid.NewGuid():N}.view.json");
        var document = new JsonObject
        {
            ["paths"] = new JsonObject
            {
                ["/account/transfer/list"] = new JsonObject
                {
                    ["get"] = new JsonObject
                    {
                        ["tags"] = new JsonArray("Accounts"),
                        ["operationId"] = "PeekTransfers",
                        ["x-keysecure-effect"] = "read",
                        ["x-keysecure-cli-path"] = cliPath,
                    },
                },
            },
        };
        File.WriteAllText(view, document.ToJsonString());
        try
        {
            if (accepted)
            {
                var source = CallTableWriter.Write([SpecOperations.Read(view, "KeySecure.Generated.OpenPlatform", "KeySecure.{tag}")]);
                Assert.Contains($"CliPath: \"{cliPath}\"", source);
            }
            else
            {
                var error = Assert.Throws<InvalidDataException>(() => SpecOperations.Read(view, "KeySecure.Generated.OpenPlatform", "KeySecure.{tag}"));
                Assert.Contains("PeekTransfers", error.Message);
                Assert.Contains("x-keysecure-cli-path", error.Message);
            }
        }
        finally
        {
            File.Delete(view);
        }
    }
}
