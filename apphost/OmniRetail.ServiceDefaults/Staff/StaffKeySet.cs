using System.Buffers.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace OmniRetail.ServiceDefaults.Staff;

/// <summary>How the public keys staff tokens are checked with are published: a JSON Web Key Set of P-256 keys.</summary>
public static class StaffKeySet
{
    public static JsonObject Of(IEnumerable<ECDsaSecurityKey> keys) => new()
    {
        ["keys"] = new JsonArray([.. keys.Select(key =>
        {
            var point = key.ECDsa.ExportParameters(includePrivateParameters: false).Q;
            return (JsonNode)new JsonObject
            {
                ["kty"] = "EC", ["use"] = "sig", ["alg"] = StaffAuthenticationExtensions.Algorithm, ["kid"] = key.KeyId, ["crv"] = "P-256",
                ["x"] = Base64Url.EncodeToString(point.X), ["y"] = Base64Url.EncodeToString(point.Y),
            };
        })]),
    };
}
