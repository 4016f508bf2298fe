using OmniRetail.Customer.Tickets;

namespace OmniRetail.Customer.Tests.Rules;

public sealed class SlaClockTests
{
    private static readonly DateTime Opened = new(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc);
    private static readonly SlaTarget High = new() { FirstResponseHours = 4, ResolutionHours = 24 };

    private static Ticket NewTicket()
    {
        var ticket = new Ticket { Category = "question", Priority = TicketPriorities.High, SealedSubject = "" };
        SlaClock.Start(ticket, High, Opened);
        return ticket;
    }

    [Fact]
    public void Time_spent_pending_on_the_customer_moves_both_targets_on()
    {
        var ticket = NewTicket();
        (ticket.FirstResponseDueAt, ticket.ResolutionDueAt).ShouldBe((Opened.AddHours(4), Opened.AddHours(24)));

        SlaClock.Move(ticket, TicketStatus.Pending, Opened.AddHours(1)).ShouldBeFalse();
        // While pending, the shown due times keep moving with the clock.
        SlaClock.FirstResponseDue(ticket, Opened.AddHours(3)).ShouldBe(Opened.AddHours(6));
        SlaClock.Breaches(ticket, SlaTargets.FirstResponse, Opened.AddHours(5)).ShouldBeFalse();

        // 2.5 hours pending: first response due at 06:30 after opening, resolution at 26:30; timers are due again.
        SlaClock.Move(ticket, TicketStatus.Open, Opened.AddHours(3.5)).ShouldBeTrue();
        (ticket.FirstResponseDueAt, ticket.ResolutionDueAt).ShouldBe((Opened.AddHours(6.5), Opened.AddHours(26.5)));
        SlaClock.Breaches(ticket, SlaTargets.FirstResponse, Opened.AddHours(6.4)).ShouldBeFalse();
        SlaClock.Breaches(ticket, SlaTargets.FirstResponse, Opened.AddHours(6.5)).ShouldBeTrue();
    }

    [Fact]
    public void A_target_met_late_is_a_breach_and_one_met_in_time_never_becomes_one()
    {
        var late = NewTicket();
        late.FirstResponseAt = Opened.AddHours(5);
        SlaClock.Breaches(late, SlaTargets.FirstResponse, Opened.AddHours(5)).ShouldBeTrue();

        var onTime = NewTicket();
        onTime.FirstResponseAt = Opened.AddHours(1);
        SlaClock.Breaches(onTime, SlaTargets.FirstResponse, Opened.AddHours(100)).ShouldBeFalse();
        onTime.FirstResponseBreachedAt = null;
        SlaClock.Move(onTime, TicketStatus.Resolved, Opened.AddHours(20));
        SlaClock.Breaches(onTime, SlaTargets.Resolution, Opened.AddHours(30)).ShouldBeFalse();
    }

    [Fact]
    public void Reopening_counts_only_the_time_open_again_towards_the_resolution()
    {
        var ticket = NewTicket();
        SlaClock.Move(ticket, TicketStatus.Resolved, Opened.AddHours(2));
        ticket.FirstResponseAt.ShouldBe(Opened.AddHours(2));

        // Resolved for 10 hours, then reopened: the resolution is due 10 hours later than it was.
        SlaClock.Move(ticket, TicketStatus.Open, Opened.AddHours(12)).ShouldBeTrue();
        ticket.ResolvedAt.ShouldBeNull();
        ticket.ResolutionDueAt.ShouldBe(Opened.AddHours(34));
        SlaClock.Breaches(ticket, SlaTargets.Resolution, Opened.AddHours(33)).ShouldBeFalse();
        SlaClock.Breaches(ticket, SlaTargets.Resolution, Opened.AddHours(34)).ShouldBeTrue();
    }

    [Fact]
    public void A_breach_already_recorded_is_not_recorded_again()
    {
        var ticket = NewTicket();
        ticket.FirstResponseBreachedAt = Opened.AddHours(4);
        SlaClock.Breaches(ticket, SlaTargets.FirstResponse, Opened.AddHours(10)).ShouldBeFalse();
    }
}
