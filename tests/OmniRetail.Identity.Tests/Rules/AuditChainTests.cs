using System.Security.Cryptography;
using System.Text;
using OmniRetail.Identity.Audit;

namespace OmniRetail.Identity.Tests.Rules;

public sealed class AuditChainTests
{
    private static AuditEntry Entry(string actor, int minute) => new()
    {
        At = new DateTime(2026, 12, 1, 10, minute, 0, DateTimeKind.Utc).AddTicks(1234567), Actor = actor, Roles = ["admin"], Action = "staff.user-created",
        Target = "/api/staff/users", Outcome = "succeeded", ClientAddress = "10.0.0.1", CorrelationId = "c-1", Service = "identity",
    };

    [Fact]
    public void The_first_hash_is_sha256_of_the_documented_json_array()
    {
        var first = AuditChain.Link(Entry("admin", 0), previous: null);

        first.Sequence.ShouldBe(1);
        first.At.ShouldBe(new DateTime(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc).AddTicks(1234560), "cut to the microsecond PostgreSQL keeps");
        first.PreviousHash.ShouldBe(new string('0', 64));
        var json = $$"""[1,"2026-12-01T10:00:00.123456Z","admin",["admin"],"staff.user-created","/api/staff/users","succeeded","10.0.0.1","c-1","identity","{{new string('0', 64)}}"]""";
        first.Hash.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json))));
    }

    [Fact]
    public void A_changed_or_missing_entry_is_reported_where_the_chain_breaks()
    {
        var chain = new List<AuditEntry>();
        for (var i = 0; i < 5; i++)
        {
            chain.Add(AuditChain.Link(Entry($"user-{i}", i), chain.LastOrDefault()));
        }

        Verify(chain).ShouldBe((5, null));
        chain[2].Outcome = "denied";
        Verify(chain).ShouldBe((5, 3L), "an edited entry no longer matches its hash");
        chain[2].Outcome = "succeeded";
        Verify(chain).ShouldBe((5, null));
        Verify([.. chain.Where(e => e.Sequence != 4)]).ShouldBe((4, 5L), "after a deleted entry, the next one's sequence and link do not follow");
        Verify([.. chain.Skip(1)]).ShouldBe((4, 2L), "the first entry deleted");

        // Rewriting an entry and its own hash still breaks the next link.
        chain[1].Actor = "someone-else";
        chain[1].Hash = AuditChain.HashOf(chain[1]);
        Verify(chain).ShouldBe((5, 3L));
    }

    private static (long, long?) Verify(IEnumerable<AuditEntry> entries)
    {
        var verifier = new AuditChain.Verifier();
        foreach (var entry in entries)
        {
            verifier.Check(entry);
        }

        return (verifier.Checked, verifier.FirstBroken);
    }
}
