#pragma once
// API v1 (`/api/v1`, Spree 3.1–4.x) over the catalogue, as ../shared/spree-api/README.md describes it:
// orders (summaries in the list, everything in one order), users, products; Ransack filters and sorts it
// allows, and silence about the others; pages of `per_page` (at most 100); errors as {"error": "..."}.
// Authentication is the server's.

#include "ApiAnswer.h"
#include "Catalogue.h"

namespace engine::sim::SpreeApiV1 {

// `path` is what follows /api/v1 ("/orders", "/orders/R100000001", "/users", "/products").
ApiAnswer answer(const Catalogue &catalogue, const QByteArray &path, const QUrlQuery &query);

Json orderSummary(const Order &order);
Json order(const Order &order, const Catalogue &catalogue);

} // namespace engine::sim::SpreeApiV1
