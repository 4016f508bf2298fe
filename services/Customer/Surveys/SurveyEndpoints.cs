using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Http;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.Customer.Customers;
using OmniRetail.Customer.Persistence;
using OmniRetail.Customer.PersonalData;
using OmniRetail.ServiceDefaults.Staff;

namespace OmniRetail.Customer.Surveys;

public static class SurveyEndpoints
{
    public const int MaxCommentLength = 2000;

    public sealed record AnswerRequest(int? Score, string? Comment);

    /// <summary>What the customer's survey page shows: nothing about them, only the question.</summary>
    public sealed record PublicSurveyView(string Kind, string Question, int MinScore, int MaxScore, string Status, DateTime ExpiresAt, DateTime? AnsweredAt);

    public sealed record ChannelSatisfaction(string Channel, SatisfactionFigures Figures);

    public sealed record SatisfactionView(DateTime From, DateTime To, string? Channel, SatisfactionFigures Overall, IReadOnlyList<ChannelSatisfaction> Channels);

    public static void MapSurveys(this WebApplication app)
    {
        var surveys = app.MapGroup("/api/surveys").WithTags("Surveys").AllowAnonymous();
        surveys.MapGet("/{token}", Get).WithSummary("A survey by its token (public: the link the customer was sent)")
            .WithDescription("No staff sign-in: the token is the key. Answers the question and its scale (CSAT 1–5, NPS 0–10) and whether it is open, answered or expired; nothing about the customer. Rate limited at the gateway.");
        surveys.MapPost("/{token}", Answer).ProducesValidationProblem()
            .WithSummary("Answers a survey (public, once per token)")
            .WithDescription($"`score` within the survey's scale, `comment` optional (at most {MaxCommentLength} characters, kept sealed with the customer's key). A second answer is refused (409), an expired survey answers 410, an unknown token 404.");

        app.MapGet("/api/customers/{id:guid}/surveys", ForCustomer).WithTags("Surveys").RequireAuthorization(StaffPolicies.CustomerService)
            .WithSummary("The customer's issued surveys, with their tokens (to send a link again) and status");
        app.MapGet("/api/customers/satisfaction", Figures).WithTags("Surveys").RequireAuthorization(StaffPolicies.Staff).ProducesValidationProblem()
            .WithSummary("CSAT, NPS, answer counts and response rates, overall and per channel")
            .WithDescription("""
                Over the surveys issued in [`from`, `to`) (default: the last 30 days), optionally of one `channel`:
                - csatPercent = 100 × CSAT answers scoring 4 or 5 ÷ CSAT answers
                - nps = 100 × (promoters, 9–10, − detractors, 0–6) ÷ NPS answers (passives 7–8 count only in the answers)
                - responseRate = 100 × answers ÷ surveys issued (expired ones included)
                Each to one decimal, null when nothing was answered or issued.
                """);
    }

    private static async Task<IResult> Get(string token, CustomerDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
        await db.Surveys.AsNoTracking().SingleOrDefaultAsync(s => s.Token == token, cancellationToken) is { } survey
            ? Results.Ok(View(survey, clock.GetUtcNow().UtcDateTime))
            : UnknownToken();

    private static async Task<IResult> Answer(string token, AnswerRequest request, CustomerDbContext db, CustomerVault vault, TimeProvider clock,
        Telemetry.CustomerMetrics metrics, BuildingBlocks.Messaging.Outbox.TransactionalOutbox outbox, CancellationToken cancellationToken)
    {
        return await db.InTransaction(async () =>
        {
            var survey = await db.Surveys.FromSql($"""SELECT * FROM surveys WHERE "Token" = {token} FOR UPDATE""").SingleOrDefaultAsync(cancellationToken);
            if (survey is null)
            {
                return UnknownToken();
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var (min, max) = SurveyKinds.Scale(survey.Kind);
            var errors = new InputErrors();
            if (request.Score is not { } score || score < min || score > max)
            {
                errors.Add("score", $"is required: a whole number from {min} to {max}");
            }

            if (request.Comment is { Length: > MaxCommentLength })
            {
                errors.Add("comment", $"must be at most {MaxCommentLength} characters");
            }

            if (errors.Any)
            {
                return errors.ToProblem();
            }

            switch (survey.StatusAt(now))
            {
                case "answered":
                    return InputErrors.Conflict("token", "this survey has been answered already", "Answered already");
                case "expired":
                    return Results.Problem(statusCode: StatusCodes.Status410Gone, title: "This survey has expired", detail: $"It could be answered until {survey.ExpiresAt:u}.");
            }

            var customer = await db.Customers.AsNoTracking().SingleAsync(c => c.Id == survey.CustomerId, cancellationToken);
            survey.Score = request.Score;
            survey.AnsweredAt = now;
            metrics.SurveyAnswered(survey.Kind, survey.Score!.Value);
            outbox.Publish(new Contracts.Customers.SurveyAnswered
            {
                Kind = survey.Kind, Score = survey.Score.Value, Channel = survey.Channel, Trigger = survey.Trigger,
                IssuedAt = new DateTimeOffset(survey.IssuedAt, TimeSpan.Zero), AnsweredAt = new DateTimeOffset(now, TimeSpan.Zero),
            });
            survey.SealedComment = string.IsNullOrWhiteSpace(request.Comment) || !customer.IsActive ? null : vault.Seal(customer, request.Comment.Trim());
            return Results.Ok(View(survey, now));
        }, cancellationToken);
    }

    private static async Task<IResult> ForCustomer(Guid id, CustomerDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!await db.Customers.AnyAsync(c => c.Id == id, cancellationToken))
        {
            return CustomerEndpoints.NotFound();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        return Results.Ok((await db.Surveys.AsNoTracking().Where(s => s.CustomerId == id).OrderByDescending(s => s.IssuedAt).ToListAsync(cancellationToken))
            .Select(s => SurveySummary.Of(s, now)));
    }

    private static async Task<IResult> Figures(DateTime? from, DateTime? to, string? channel, CustomerDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var end = (to ?? clock.GetUtcNow().UtcDateTime).ToUniversalTime();
        var start = (from ?? end.AddDays(-30)).ToUniversalTime();
        if (start >= end)
        {
            return InputErrors.Single("from", "must be before to");
        }

        var query = db.Surveys.AsNoTracking().Where(s => s.IssuedAt >= start && s.IssuedAt < end);
        if (channel is not null)
        {
            query = query.Where(s => s.Channel == channel);
        }

        var facts = await query.Select(s => new { s.Channel, s.Kind, s.Score }).ToListAsync(cancellationToken);
        return Results.Ok(new SatisfactionView(start, end, channel,
            SatisfactionFigures.Of(facts.Select(f => new SurveyFact(f.Kind, f.Score)).ToList()),
            facts.GroupBy(f => f.Channel ?? "").OrderBy(g => g.Key)
                .Select(g => new ChannelSatisfaction(g.Key, SatisfactionFigures.Of(g.Select(f => new SurveyFact(f.Kind, f.Score)).ToList()))).ToList()));
    }

    private static PublicSurveyView View(Survey survey, DateTime now)
    {
        var (min, max) = SurveyKinds.Scale(survey.Kind);
        return new PublicSurveyView(survey.Kind, SurveyKinds.Question(survey.Kind, survey.Trigger), min, max, survey.StatusAt(now), survey.ExpiresAt, survey.AnsweredAt);
    }

    private static IResult UnknownToken() => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such survey");
}
