#pragma once
// A Spree order, as either API serves it in full, in the hub's order shape (DESIGN §8,
// ../shared/messages/order-new.json): number, email, currency, status, placed_on, updated_at, totals as
// numbers, line items, addresses, payments and shipments, with the store's own object under `original` in
// the message. Pure functions: what the poller turns into order:new and order:updated.

#include "core/Json.h"

namespace engine::OrderMapping {

// API v1's GET /api/v1/orders/{number} (../shared/spree-api/order-show.json).
Json fromV1(const Json &order);
// The Admin API's GET /api/v3/admin/orders/{id} with expand=items,fulfillments,payments,billing_address,
// shipping_address (../shared/spree-api/v3/order-show.json). Its status placed/canceled/draft reads as
// API v1's complete/canceled/cart, so that subscriptions filter both alike.
Json fromV3(const Json &order);

} // namespace engine::OrderMapping
