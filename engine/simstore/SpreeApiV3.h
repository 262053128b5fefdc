#pragma once
// The Admin API v3 (`/api/v3/admin`, Spree 5.5 and later) over the catalogue, as
// ../shared/spree-api/v3/ describes it: prefixed ids, {"data", "meta"} lists with `limit` (at most 100) and
// `sort`, one object bare with `expand=`, errors as {"error": {"code", "message", "details"}}, and the scope
// each route needs. Keys, scopes and the rate limit are the server's.

#include "ApiAnswer.h"
#include "Catalogue.h"

#include <string>

namespace engine::sim::SpreeApiV3 {

// The scope a route needs ("read_orders"...); empty for /api_keys/current, which any valid key may read.
std::string requiredScope(const QByteArray &path);

// `path` is what follows /api/v3/admin ("/orders", "/orders/or_...", "/customers", "/products").
ApiAnswer answer(const Catalogue &catalogue, const QByteArray &path, const QUrlQuery &query);

ApiAnswer error(int status, const char *code, const std::string &message, Json details = Json());

std::string orderId(int id);
std::string customerId(int id);

} // namespace engine::sim::SpreeApiV3
