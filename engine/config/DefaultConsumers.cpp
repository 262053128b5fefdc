#include "DefaultConsumers.h"

namespace engine::DefaultConsumers {

namespace {
const QStringList orderMessages{QStringLiteral("order:new"), QStringLiteral("order:updated")};
} // namespace

Consumer canceledOrders()
{
    Consumer c;
    c.name = QStringLiteral("canceled-orders");
    c.messages = orderMessages;
    c.filters = {FilterRule{"payload.order.status", "eq", "canceled"}};
    c.emits = QStringLiteral("order:canceled");
    c.identifiers = {{QStringLiteral("order_number"), QStringLiteral("payload.order.number")}};
    return c;
}

Consumer shipmentReady()
{
    Consumer c;
    c.name = QStringLiteral("shipment-ready");
    c.messages = orderMessages;
    c.each = QStringLiteral("payload.order.shipments.*");
    c.filters = {FilterRule{"each.status", "eq", "ready"}};
    c.emits = QStringLiteral("shipment:ready");
    c.payload = QStringLiteral("each");
    c.as = QStringLiteral("shipment");
    c.add = {{QStringLiteral("order_number"), QStringLiteral("payload.order.number")},
             {QStringLiteral("email"), QStringLiteral("payload.order.email")},
             {QStringLiteral("shipping_address"), QStringLiteral("payload.order.shipping_address")}};
    c.identifiers = {{QStringLiteral("shipment_number"), QStringLiteral("payload.shipment.number")}};
    return c;
}

std::vector<Consumer> all()
{
    return {canceledOrders(), shipmentReady()};
}

} // namespace engine::DefaultConsumers
