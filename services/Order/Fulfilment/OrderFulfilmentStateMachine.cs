using System.Linq.Expressions;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.BuildingBlocks.PersonalData;
using OmniRetail.Contracts.Catalog;
using OmniRetail.Contracts.Channels;
using OmniRetail.Contracts.Inventory;
using OmniRetail.Contracts.Orders;
using OmniRetail.Order.Carriers;
using OmniRetail.Order.Persistence;
using OmniRetail.Order.Products;

namespace OmniRetail.Order.Fulfilment;

/// <summary>
/// Drives an order from the channel to the customer's door. Every message it publishes and every
/// timeout it schedules commits with its state (PostgreSQL saga repository + outbox); every transition
/// lands in the order's timeline with its cause.
/// </summary>
public sealed class OrderFulfilmentStateMachine : MassTransitStateMachine<OrderState>
{
    public OrderFulfilmentStateMachine()
    {
        InstanceState(order => order.CurrentState);
        Event(() => SubmittedEvent, e => e.CorrelateById(c => c.Message.OrderId));
        // A channel's report can overtake the submission it follows: it waits (fault, retry, redelivery) for the order.
        Correlate(() => PaymentReportedEvent, c => c.Message.OrderId, untilTheOrderExists: true);
        Correlate(() => ChannelCancelledEvent, c => c.Message.OrderId, untilTheOrderExists: true);
        // Everything else answers something this saga sent or is about an order staff saw: with no order, it is stray.
        Correlate(() => StockReservedEvent, c => c.Message.OrderId);
        Correlate(() => StockBackorderedEvent, c => c.Message.OrderId);
        Correlate(() => StockWithdrawnEvent, c => c.Message.OrderId);
        Correlate(() => HoldReleasedEvent, c => c.Message.OrderId);
        Correlate(() => CancellationRequestedEvent, c => c.Message.OrderId);
        Correlate(() => ShipmentPackedEvent, c => c.Message.OrderId);
        Correlate(() => ShipmentShippedEvent, c => c.Message.OrderId);
        Correlate(() => ShipmentDeliveredEvent, c => c.Message.OrderId);
        Correlate(() => DeliveryFailedEvent, c => c.Message.OrderId);
        Correlate(() => PaymentDeadlineEvent, c => c.Message.OrderId);
        Correlate(() => OrderPricedEvent, c => c.Message.OrderId);
        Correlate(() => CarrierTrackedEvent, c => c.Message.OrderId);
        // A late or repeated message for a state that no longer expects it changes nothing.
        OnUnhandledEvent(context => Task.CompletedTask);

        Initially(When(SubmittedEvent).ThenAsync(Receive));

        During(StatesFor(StaffAction.Release), When(HoldReleasedEvent).ThenAsync(c => Proceed(c, $"hold released by {c.Message.By}")));
        During(Received, When(OrderPricedEvent).ThenAsync(Priced));
        During(Reserving, Backordered,
            When(StockReservedEvent, c => c.Message.Request == c.Saga.StockRequest).ThenAsync(c => StockSecured(c, c.Message.Allocations)));
        During(Reserving, When(StockBackorderedEvent, c => c.Message.Request == c.Saga.StockRequest).ThenAsync(c =>
            Transition(c, Backordered, $"out of stock: {string.Join(", ", c.Message.Short.Select(s => $"{s.Quantity} × {s.Sku}"))}", exception: true)));
        During([Reserving, Backordered, AwaitingPayment, Allocated, Packed],
            When(StockWithdrawnEvent, c => c.Message.Request == c.Saga.StockRequest).ThenAsync(async c =>
            {
                await CancelPaymentDeadline(c);
                c.Saga.Allocations = [];
                c.Saga.Shipments = c.Saga.Shipments.Where(s => s.ShippedAt is not null).ToList();
                await Transition(c, Reserving, $"stock withdrawn ({c.Message.Reason}); reserving again");
                await RequestStock(c);
            }));
        During(Received, OnHold, Reserving, Backordered,
            When(PaymentReportedEvent).ThenAsync(c => MarkPaid(c, "payment reported by the channel")));
        During(AwaitingPayment,
            When(PaymentReportedEvent).ThenAsync(async c =>
            {
                await CancelPaymentDeadline(c);
                await MarkPaid(c, "payment reported by the channel");
                await ConfirmAndAllocate(c);
            }),
            // A deadline set for an earlier reservation (the order was withdrawn and reserved again) is not this one's.
            When(PaymentDeadlineEvent, c => c.Message.StockRequest == 0 || c.Message.StockRequest == c.Saga.StockRequest)
                .ThenAsync(c => Cancel(c, "payment not confirmed in time; stock released")));
        During(StatesFor(StaffAction.Cancel),
            When(CancellationRequestedEvent).ThenAsync(c => Cancel(c, c.Message.Reason)),
            When(ChannelCancelledEvent).ThenAsync(c => Cancel(c, c.Message.Reason)));
        // Inventory answered a stock request after the order was cancelled (the release overtook the request on another
        // queue): whatever it reserved is given back.
        During(Cancelled,
            When(StockReservedEvent).ThenAsync(async c =>
            {
                await c.Publish(new ReleaseStock { OrderId = c.Saga.CorrelationId });
                Note(c, "stock reserved after the order was cancelled; released again");
            }));
        During(StatesFor(StaffAction.Pack),
            When(ShipmentPackedEvent).ThenAsync(async c =>
            {
                // A packed parcel has a weight: the carrier service is chosen for it now.
                var shipment = c.Saga.Shipments.Single(s => s.Id == c.Message.ShipmentId);
                var (chosen, problem) = await ShipmentCarriers.Choose(Db(c), c.Saga.SubmittedOrder(Protector(c)), shipment.Lines, c.CancellationToken);
                UpdateShipment(c.Saga, shipment.Id, s => s with { Status = ShipmentStatus.Packed, CarrierService = chosen ?? s.CarrierService });
                Note(c, chosen is null ? problem : $"{chosen.Carrier}/{chosen.Service} chosen for the shipment from {shipment.Warehouse}: {chosen.Reason}");
                // Shipments that already left (before a re-allocation) need no packing.
                if (c.Saga.Shipments.Where(s => s.ShippedAt is null).All(s => s.Status == ShipmentStatus.Packed))
                {
                    await Transition(c, Packed, $"all shipments packed (last by {c.Message.By})");
                }

                FlagShipmentsWithoutCarrier(c, problem);
            }));
        During(StatesFor(StaffAction.Ship),
            When(ShipmentShippedEvent).ThenAsync(async c =>
            {
                var shipment = c.Saga.Shipments.Single(s => s.Id == c.Message.ShipmentId);
                if (c.Message is { Service: { } service, OverrideReason: { } overrideReason })
                {
                    var chosen = await ShipmentCarriers.Override(Db(c), shipment.Lines, c.Message.Carrier, service, overrideReason, c.CancellationToken);
                    UpdateShipment(c.Saga, shipment.Id, s => s with { CarrierService = chosen });
                    Note(c, $"{c.Message.Carrier}/{service} chosen by {c.Message.By} instead of {shipment.CarrierService?.Carrier ?? "none"}/{shipment.CarrierService?.Service ?? "none"}: {overrideReason}");
                    shipment = c.Saga.Shipments.Single(s => s.Id == c.Message.ShipmentId);
                }

                if (shipment.ShippedAt is null)
                {
                    await c.Publish(new ShipmentDispatched { OrderId = c.Saga.CorrelationId, Warehouse = shipment.Warehouse, Lines = shipment.Lines });
                }

                if (shipment.TrackingNumber != c.Message.TrackingNumber || shipment.Carrier != c.Message.Carrier)
                {
                    // The carrier's events find the shipment by its tracking number.
                    await ShipmentTrackingIndex.Remember(Db(c), c.Message.Carrier, c.Message.TrackingNumber, c.Saga.CorrelationId, shipment.Id, c.CancellationToken);
                }

                UpdateShipment(c.Saga, shipment.Id, s => s with
                {
                    Status = s.Status == ShipmentStatus.Delivered ? s.Status : ShipmentStatus.Shipped, Carrier = c.Message.Carrier, TrackingNumber = c.Message.TrackingNumber, ShippedAt = s.ShippedAt ?? DateTime.UtcNow,
                });
                if (shipment.ShippedAt is null || shipment.TrackingNumber != c.Message.TrackingNumber)
                {
                    await PublishProgress(c, shipment.Id, ShipmentProgress.Shipped);
                }

                if (c.Saga.Shipments.All(s => s.Status is ShipmentStatus.Shipped or ShipmentStatus.Delivered))
                {
                    await Transition(c, Shipped, $"shipped with {c.Message.Carrier}, tracking {c.Message.TrackingNumber}");
                    return;
                }

                FlagShipmentsWithoutCarrier(c, c.Saga.ExceptionReason);
            }));
        During(StatesFor(StaffAction.Deliver),
            When(ShipmentDeliveredEvent).ThenAsync(c => DeliverShipment(c, c.Message.ShipmentId, $"delivered (confirmed by {c.Message.By})")));
        During(StatesFor(StaffAction.DeliveryFailed),
            When(DeliveryFailedEvent).ThenAsync(c => Transition(c, DeliveryFailed, $"delivery failed: {c.Message.Reason}", exception: true)));
        DuringAny(When(CarrierTrackedEvent).ThenAsync(Tracked));
    }

    public State Received { get; private set; } = null!;
    public State OnHold { get; private set; } = null!;
    public State Reserving { get; private set; } = null!;
    public State Backordered { get; private set; } = null!;
    public State AwaitingPayment { get; private set; } = null!;
    public State Allocated { get; private set; } = null!;
    public State Packed { get; private set; } = null!;
    public State Shipped { get; private set; } = null!;
    public State DeliveryFailed { get; private set; } = null!;
    public State Delivered { get; private set; } = null!;
    public State Cancelled { get; private set; } = null!;

    public Event<OrderSubmitted> SubmittedEvent { get; private set; } = null!;
    public Event<StockReserved> StockReservedEvent { get; private set; } = null!;
    public Event<StockBackordered> StockBackorderedEvent { get; private set; } = null!;
    public Event<StockReservationWithdrawn> StockWithdrawnEvent { get; private set; } = null!;
    public Event<ChannelPaymentReported> PaymentReportedEvent { get; private set; } = null!;
    public Event<ChannelCancellationReported> ChannelCancelledEvent { get; private set; } = null!;
    public Event<HoldReleased> HoldReleasedEvent { get; private set; } = null!;
    public Event<CancellationRequested> CancellationRequestedEvent { get; private set; } = null!;
    public Event<ShipmentPacked> ShipmentPackedEvent { get; private set; } = null!;
    public Event<ShipmentShipped> ShipmentShippedEvent { get; private set; } = null!;
    public Event<ShipmentDelivered> ShipmentDeliveredEvent { get; private set; } = null!;
    public Event<ShipmentDeliveryFailed> DeliveryFailedEvent { get; private set; } = null!;
    public Event<PaymentDeadlinePassed> PaymentDeadlineEvent { get; private set; } = null!;
    public Event<OrderPriced> OrderPricedEvent { get; private set; } = null!;
    public Event<CarrierTrackingReported> CarrierTrackedEvent { get; private set; } = null!;

    /// <remarks>
    /// A channel's payment or cancellation can reach the saga before the submission it follows has committed: a missing
    /// order faults it, and it is retried and then redelivered later, never dropped. Any other message for an order the
    /// saga does not have answers nothing it asked for, and is let go.
    /// </remarks>
    private void Correlate<T>(Expression<Func<Event<T>>> @event, Func<ConsumeContext<T>, Guid> orderId, bool untilTheOrderExists = false) where T : class =>
        Event(@event, e =>
        {
            e.CorrelateById(orderId);
            e.OnMissingInstance(missing => untilTheOrderExists ? missing.Fault() : missing.Discard());
        });

    private State[] StatesFor(StaffAction action) => StaffActions.AllowedIn[action].Select(status => GetState(status)).ToArray();

    private async Task Receive(BehaviorContext<OrderState, OrderSubmitted> c)
    {
        var order = await WithReplacedCustomer(c, c.Message);
        var now = DateTime.UtcNow;
        c.Saga.ChannelCode = order.ChannelCode;
        c.Saga.ExternalId = order.ExternalId;
        c.Saga.Total = order.Total;
        c.Saga.PaymentStatus = order.PaymentStatus;
        c.Saga.KeepSubmitted(order, Protector(c));
        c.Saga.TrackingLookup = order.TrackingToken is { } token ? PersonalDataProtector.TrackingLookup(token) : null;
        c.Saga.ReceivedAt = now;
        await c.Publish(new OrderPlaced
        {
            OrderId = order.OrderId, ChannelCode = order.ChannelCode, ChannelKind = order.ChannelKind, ExternalId = order.ExternalId,
            PlacedAt = order.PlacedAt, Currency = order.Currency, CustomerReference = c.Saga.CustomerLookup, Customer = order.Customer,
            ShipToCountry = order.ShippingAddress?.Country, ShippingAddress = order.ShippingAddress, ReplacesOrderId = order.ReplacesOrderId,
            Lines = NetLines.Of(order), Shipping = order.Shipping, Tax = order.Tax, Total = order.Total, PaymentStatus = order.PaymentStatus,
        });
        if (order.PaymentStatus == PaymentStatus.Paid)
        {
            await c.Publish(new OrderPaid { OrderId = order.OrderId, PaidAt = now, Total = order.Total, Currency = order.Currency });
        }

        await Transition(c, Received, $"submitted by channel {order.ChannelCode} as {order.ExternalId}");

        var options = c.GetServiceOrCreateInstance<IOptions<FulfilmentOptions>>().Value;
        if (await OrderReview.HoldReason(Db(c), c.GetServiceOrCreateInstance<KnownSkus>(), c.Saga, order, options.DuplicateWindow, c.CancellationToken) is { } reason)
        {
            await Transition(c, OnHold, reason, exception: true);
            return;
        }

        if (PriceCheck.Applies(order.ChannelKind) && order.ReplacesOrderId is null)
        {
            // Priced by the catalog as a quote would be; the order waits in Received for the answer.
            await c.Publish(PriceCheck.Request(order));
            Note(c, "review passed; prices asked of the catalog");
            return;
        }

        await Proceed(c, "review passed");
    }

    /// <summary>
    /// An exchange's replacement order comes without the customer's details (the Customer service does not pass personal
    /// data around): it goes to the customer and address of the order it replaces.
    /// </summary>
    private static async Task<OrderSubmitted> WithReplacedCustomer(BehaviorContext<OrderState, OrderSubmitted> c, OrderSubmitted order)
    {
        if (order.ReplacesOrderId is not { } replaced || order.Customer.Email is not null || order.ShippingAddress is not null
            || await Db(c).Orders.AsNoTracking().SingleOrDefaultAsync(o => o.CorrelationId == replaced, c.CancellationToken) is not { } original)
        {
            return order;
        }

        var submitted = original.SubmittedOrder(Protector(c));
        return order with { Customer = submitted.Customer, ShippingAddress = submitted.ShippingAddress };
    }

    private async Task Priced(BehaviorContext<OrderState, OrderPriced> c)
    {
        var order = c.Saga.SubmittedOrder(Protector(c));
        c.Saga.Pricing = new OrderPricing([.. c.Message.Lines], c.Message.Problem);
        var tolerance = c.GetServiceOrCreateInstance<IOptions<FulfilmentOptions>>().Value.PriceTolerance;
        if (PriceCheck.Mismatch(NetLines.Of(order), c.Message, tolerance, order.Currency) is { } reason)
        {
            await Transition(c, OnHold, reason, exception: true);
            return;
        }

        var promotions = c.Message.Lines.SelectMany(l => l.Promotions).Distinct().ToList();
        await Proceed(c, promotions.Count > 0 ? $"prices match the catalog's (promotions {string.Join(", ", promotions)})" : "prices match the catalog's");
    }

    /// <summary>An order that passed review (or that staff released from hold) goes on as its channel's kind requires.</summary>
    private async Task Proceed(BehaviorContext<OrderState> c, string cause)
    {
        var order = c.Saga.SubmittedOrder(Protector(c));
        if (order.ChannelKind == ChannelKinds.Store)
        {
            // Sold at the till: the customer walked out with it.
            var store = order.WarehousePriorities[0];
            await c.Publish(new StoreSaleRecorded { OrderId = order.OrderId, Warehouse = store, Lines = Lines(order) });
            InvoiceIfPaid(c);
            await Transition(c, Delivered, $"{cause}; store sale at {store}");
            return;
        }

        await Transition(c, Reserving, cause);
        await RequestStock(c);
    }

    /// <summary>Asks Inventory for every unit not yet shipped, as a new numbered request.</summary>
    private static async Task RequestStock(BehaviorContext<OrderState> c)
    {
        var order = c.Saga.SubmittedOrder(Protector(c));
        var shipped = c.Saga.Shipments.Where(s => s.ShippedAt is not null).SelectMany(s => s.Lines).ToList();
        var unshipped = Lines(order)
            .Select(line => line with { Quantity = line.Quantity - shipped.Where(s => s.Sku == line.Sku).Sum(s => s.Quantity) })
            .Where(line => line.Quantity > 0)
            .ToList();
        c.Saga.StockRequest++;
        await c.Publish(new ReserveStock
        {
            OrderId = order.OrderId, Request = c.Saga.StockRequest, Lines = unshipped, WarehousePriorities = order.WarehousePriorities,
            ShipToCountry = order.ShippingAddress?.Country,
        });
    }

    private async Task StockSecured(BehaviorContext<OrderState> c, IReadOnlyList<StockAllocation> allocations)
    {
        c.Saga.Allocations = allocations.ToList();
        Note(c, $"stock reserved in {string.Join(", ", allocations.Select(a => a.Warehouse).Distinct())}");
        if (c.Saga.PaymentStatus is PaymentStatus.Paid or PaymentStatus.CashOnDelivery)
        {
            await ConfirmAndAllocate(c);
            return;
        }

        var timeout = c.GetServiceOrCreateInstance<IOptions<FulfilmentOptions>>().Value.PaymentTimeout;
        c.Saga.PaymentDeadlineToken = Outbox(c).Schedule(new PaymentDeadlinePassed(c.Saga.CorrelationId, c.Saga.StockRequest), DateTimeOffset.UtcNow + timeout);
        await Transition(c, AwaitingPayment, $"waiting for payment until {DateTime.UtcNow + timeout:u}");
    }

    private async Task ConfirmAndAllocate(BehaviorContext<OrderState> c)
    {
        if (c.Saga.PaymentStatus == PaymentStatus.CashOnDelivery)
        {
            Note(c, "cash on delivery: payment is collected by the carrier");
        }

        InvoiceIfPaid(c);
        var shipments = c.Saga.Allocations.GroupBy(a => a.Warehouse)
            .Select(w => new Shipment(Guid.CreateVersion7(), w.Key, w.Select(a => new StockLine { Sku = a.Sku, Quantity = a.Quantity }).ToList(), ShipmentStatus.Allocated, null, null, null))
            .ToList();
        c.Saga.Shipments = c.Saga.Shipments.Concat(shipments).ToList();
        await Transition(c, Allocated, $"allocated to {shipments.Count} shipment(s): {string.Join("; ", c.Saga.Allocations.Select(a => $"{a.Quantity} × {a.Sku} from {a.Warehouse} ({a.Reason})"))}");
    }

    /// <summary>One invoice per order, issued when payment is confirmed (a re-allocation does not issue another).</summary>
    private static void InvoiceIfPaid(BehaviorContext<OrderState> c)
    {
        if (c.Saga.PaymentStatus != PaymentStatus.Paid || c.Saga.Invoice is not null)
        {
            return;
        }

        c.Saga.Invoice = Invoicing.Issue(c.Saga.SubmittedOrder(Protector(c)));
        Note(c, "payment confirmed; invoice issued");
    }

    private static async Task CancelPaymentDeadline(BehaviorContext<OrderState> c)
    {
        if (c.Saga.PaymentDeadlineToken is { } token)
        {
            await Outbox(c).CancelScheduled(token, c.CancellationToken);
            c.Saga.PaymentDeadlineToken = null;
        }
    }

    private async Task Cancel(BehaviorContext<OrderState> c, string reason)
    {
        await CancelPaymentDeadline(c);
        await c.Publish(new ReleaseStock { OrderId = c.Saga.CorrelationId });
        await Transition(c, Cancelled, reason);
    }

    private static async Task Transition(BehaviorContext<OrderState> c, State state, string cause, bool exception = false)
    {
        await c.TransitionToState(state);
        c.Saga.ExceptionReason = exception ? cause : null;
        c.Saga.ExceptionSince = exception ? DateTime.UtcNow : null;
        Record(c, state.Name, cause);
        await PublishLifecycle(c, state.Name, cause);
    }

    /// <summary>The lifecycle events other services build on, published with the transition that causes them.</summary>
    private static async Task PublishLifecycle(BehaviorContext<OrderState> c, string status, string cause)
    {
        var now = DateTimeOffset.UtcNow;
        switch (status)
        {
            case OrderStatus.Shipped:
                await c.Publish(new OrderShipped
                {
                    OrderId = c.Saga.CorrelationId, ShippedAt = now,
                    Parcels = c.Saga.Shipments.Select(s => new ShippedParcel { Warehouse = s.Warehouse, Carrier = s.Carrier, TrackingNumber = s.TrackingNumber, Lines = s.Lines }).ToList(),
                });
                break;
            case OrderStatus.Delivered:
                await c.Publish(new OrderDelivered { OrderId = c.Saga.CorrelationId, DeliveredAt = now });
                break;
            case OrderStatus.Cancelled:
                await c.Publish(new OrderCancelled { OrderId = c.Saga.CorrelationId, CancelledAt = now, Reason = cause });
                break;
            case OrderStatus.DeliveryFailed:
                await c.Publish(new OrderDeliveryFailed { OrderId = c.Saga.CorrelationId, FailedAt = now, Reason = cause });
                break;
        }
    }

    /// <summary>The channel confirmed payment: recorded, and told to others the first time.</summary>
    private static async Task MarkPaid(BehaviorContext<OrderState> c, string cause)
    {
        if (c.Saga.PaymentStatus != PaymentStatus.Paid)
        {
            c.Saga.PaymentStatus = PaymentStatus.Paid;
            await c.Publish(new OrderPaid { OrderId = c.Saga.CorrelationId, PaidAt = DateTimeOffset.UtcNow, Total = c.Saga.Total, Currency = c.Saga.SubmittedOrder(Protector(c)).Currency });
        }

        Note(c, cause);
    }

    private async Task DeliverShipment(BehaviorContext<OrderState> c, Guid shipmentId, string cause)
    {
        if (c.Saga.Shipments.Single(s => s.Id == shipmentId).Status != ShipmentStatus.Delivered)
        {
            UpdateShipment(c.Saga, shipmentId, s => s with { Status = ShipmentStatus.Delivered });
            await PublishProgress(c, shipmentId, ShipmentProgress.Delivered);
        }

        if (c.Saga.Shipments.All(s => s.Status == ShipmentStatus.Delivered))
        {
            await Transition(c, Delivered, cause);
        }
    }

    /// <summary>What the channel is told about a shipment: the carrier's name and the shopper's tracking link with it.</summary>
    private static async Task PublishProgress(BehaviorContext<OrderState> c, Guid shipmentId, string progress)
    {
        var shipment = c.Saga.Shipments.Single(s => s.Id == shipmentId);
        var carrier = shipment.Carrier is null ? null : await Db(c).Carriers.AsNoTracking().SingleOrDefaultAsync(x => x.Code == shipment.Carrier, c.CancellationToken);
        await c.Publish(new ShipmentProgressed
        {
            OrderId = c.Saga.CorrelationId, ChannelCode = c.Saga.ChannelCode, ExternalId = c.Saga.ExternalId, ShipmentId = shipment.Id, Progress = progress,
            Carrier = shipment.Carrier ?? "", CarrierName = carrier?.Name ?? shipment.Carrier, TrackingNumber = shipment.TrackingNumber,
            TrackingUrl = shipment.TrackingNumber is { } number ? carrier?.TrackingUrl(number) : null, Lines = shipment.Lines, At = DateTimeOffset.UtcNow,
        });
    }

    /// <summary>
    /// A carrier's event joins the timeline; the newest one so far for its shipment also acts as the staff action would
    /// (delivered: delivers it; a failed attempt or a return: delivery failed). An older event arriving later, or one the
    /// order's status no longer allows, only joins the timeline.
    /// </summary>
    private async Task Tracked(BehaviorContext<OrderState, CarrierTrackingReported> c)
    {
        var report = c.Message;
        var shipment = c.Saga.Shipments.SingleOrDefault(s => s.Id == report.ShipmentId);
        var where = report.Location is { Length: > 0 } location ? $" at {location}" : "";
        Note(c, $"{report.Carrier} {report.TrackingNumber}: {report.Status.Replace('_', ' ')}{where} ({report.At:u})");
        if (shipment is null || shipment.LastCarrierEventAt >= report.At)
        {
            return;
        }

        UpdateShipment(c.Saga, shipment.Id, s => s with { LastCarrierEventAt = report.At });
        if (TrackingStatuses.Delivers(report.Status) && shipment.Status != ShipmentStatus.Delivered && StaffActions.AllowedIn[StaffAction.Deliver].Contains(c.Saga.CurrentState))
        {
            await DeliverShipment(c, shipment.Id, $"delivered ({report.Carrier}{where}, {report.At:u})");
        }
        else if (TrackingStatuses.Fails(report.Status) && StaffActions.AllowedIn[StaffAction.DeliveryFailed].Contains(c.Saga.CurrentState))
        {
            await Transition(c, DeliveryFailed, $"delivery failed: {report.Status.Replace('_', ' ')} reported by {report.Carrier}{where}", exception: true);
        }
    }

    /// <summary>
    /// A packed shipment no carrier service fits is a delivery problem for staff (the exceptions queue) until they ship it
    /// with a carrier and service of their choice; once every packed shipment has one, the problem is gone.
    /// </summary>
    private static void FlagShipmentsWithoutCarrier(BehaviorContext<OrderState> c, string? problem)
    {
        var stranded = c.Saga.Shipments.Any(s => s.Status == ShipmentStatus.Packed && s.CarrierService is null);
        if (stranded && c.Saga.ExceptionReason is null)
        {
            (c.Saga.ExceptionReason, c.Saga.ExceptionSince) = (problem ?? "A packed shipment has no carrier service", DateTime.UtcNow);
        }
        else if (!stranded && c.Saga.CurrentState is OrderStatus.Allocated or OrderStatus.Packed)
        {
            (c.Saga.ExceptionReason, c.Saga.ExceptionSince) = (null, null);
        }
    }

    /// <summary>Records something that happened to the order without changing its status.</summary>
    private static void Note(BehaviorContext<OrderState> c, string cause) => Record(c, c.Saga.CurrentState, cause);

    private static void Record(BehaviorContext<OrderState> c, string status, string cause)
    {
        c.Saga.UpdatedAt = DateTime.UtcNow;
        Db(c).Timeline.Add(new OrderTimelineEntry { OrderId = c.Saga.CorrelationId, At = c.Saga.UpdatedAt, Status = status, Cause = cause });
    }

    private static void UpdateShipment(OrderState order, Guid shipmentId, Func<Shipment, Shipment> change) =>
        order.Shipments = order.Shipments.Select(s => s.Id == shipmentId ? change(s) : s).ToList();

    private static List<StockLine> Lines(OrderSubmitted order) =>
        order.Lines.Select(line => new StockLine { Sku = line.Sku, Quantity = line.Quantity }).ToList();

    private static OrderDbContext Db(ConsumeContext c) => c.GetServiceOrCreateInstance<OrderDbContext>();

    private static TransactionalOutbox Outbox(ConsumeContext c) => c.GetServiceOrCreateInstance<TransactionalOutbox>();

    private static PersonalDataProtector Protector(ConsumeContext c) => c.GetServiceOrCreateInstance<PersonalDataProtector>();
}
