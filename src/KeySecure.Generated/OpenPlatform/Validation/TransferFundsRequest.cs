using System.Text.Json.Serialization;
using KeySecure.Generated.Exceptions;
using KeySecure.Generated.OpenPlatform.Validation;

namespace KeySecure.Generated.OpenPlatform;

/// <summary>The request of <c>TransferFunds</c>.</summary>
/// <remarks>
/// <see cref="Balance"/> is checked when the request is serialized, before anything is sent: a positive amount with at
/// most 2 decimals is rewritten in its 2-decimal form (<c>"100.5"</c> becomes <c>"100.50"</c>, on this object too);
/// anything else (<c>"100.005"</c>, <c>"-1"</c>, <c>"0"</c>, <c>"1e3"</c>) throws <see cref="KeySecureValidationException"/>
/// naming <c>balance</c>, and nothing is sent.
/// </remarks>
public partial class TransferFundsRequest : IJsonOnSerializing
{
    void IJsonOnSerializing.OnSerializing()
    {
        // A missing balance is the provider's to refuse (1004): the pages do not say which fields are required.
        if (Balance is null) return;
        Balance = TransferAmount.ToWireForm(Balance)
                  ?? throw SdkErrors.Invalid("balance", TransferAmount.Rule, "TransferFunds");
    }
}
