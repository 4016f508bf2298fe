namespace OmniRetail.Customer.Surveys;

/// <summary>What staff see of an issued survey: its token (to send the link again) and where it stands.</summary>
public sealed record SurveySummary(
    string Token, string Kind, string Trigger, Guid? OrderId, Guid? TicketId, string? Channel, string? Quarter, DateTime IssuedAt, DateTime ExpiresAt,
    string Status, DateTime? AnsweredAt, int? Score)
{
    public static SurveySummary Of(Survey s, DateTime now) =>
        new(s.Token, s.Kind, s.Trigger, s.OrderId, s.TicketId, s.Channel, s.Quarter, s.IssuedAt, s.ExpiresAt, s.StatusAt(now), s.AnsweredAt, s.Score);
}
