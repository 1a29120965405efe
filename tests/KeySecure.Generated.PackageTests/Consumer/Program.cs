// A merchant's first program: register, inject, call. Prints one line per check for the test to read.
using KeySecure.Generated;
using KeySecure.Generated.Exceptions;
using KeySecure.Generated.OpenPlatform;
using Microsoft.Extensions.DependencyInjection;

var services = new ServiceCollection();
services.AddKeySecure(options =>
{
    options.BaseAddress = new Uri(args[0]);
    options.ApiKey = "ak_consumer";
    options.ApiSecret = "ks-test-secret16";
    options.Resilience.Retry.Delay = TimeSpan.Zero;
});
using var provider = services.BuildServiceProvider();
var cards = provider.GetRequiredService<ICardsClient>();

var detail = await cards.GetCardDetailAsync("C1");
Console.WriteLine($"detail {detail.CardNo} {detail.Status} known={detail.Status?.IsKnown}");

var info = await cards.GetCardPrivateInfoAsync("C1");
Console.WriteLine($"private-info last4={info.Pan?[^4..]} exp={info.ExpMonth}/{info.ExpYear}");

try
{
    await cards.SetCardPinAsync(new SetCardPinRequest { CardNo = "C1", CardholderNo = "U1", Pin = "123456" });
}
catch (KeySecureValidationException e)
{
    Console.WriteLine($"validation {e.Field}");
}

try
{
    await cards.ApplyCardAsync(new ApplyCardRequest { CardholderNo = "U404", CardUniqueNo = "u-1", CardBinNo = "B1", CardType = CardType.Virtual });
}
catch (KeySecureApiException e)
{
    Console.WriteLine($"api {e.Code} {e.Meaning}");
}

Console.WriteLine("consumer done");
