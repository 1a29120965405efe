namespace KeySecure.Sandbox.Tests;

/// <summary>The Luhn check digit against known valid card numbers.</summary>
public sealed class LuhnTests
{
    [Theory]
    [InlineData("4111111111111111")]
    [InlineData("5500000000000004")]
    [InlineData("378282246310005")]
    [InlineData("6011111111111117")]
    [InlineData("4012888888881881")]
    [InlineData("79927398713")]
    public void Check_digit_of_a_valid_number_is_its_last_digit(string number)
    {
        Assert.Equal(number[^1], Luhn.CheckDigit(number.AsSpan(0, number.Length - 1)));
        Assert.Equal(number, Luhn.Complete(number[..^1]));
    }

    [Theory]
    [InlineData("", '0')]
    [InlineData("0", '0')]
    [InlineData("7992739871", '3')]
    public void Check_digit_of_short_payloads(string payload, char expected) =>
        Assert.Equal(expected, Luhn.CheckDigit(payload));

    [Fact]
    public void Non_digits_are_rejected() =>
        Assert.Throws<ArgumentException>(() => Luhn.CheckDigit("4111 1111"));
}
