#pragma once
// The Stores view's Test connection: which of Spree's APIs the store offers with that key, and, for the
// Admin API, which of the scopes the poller reads (orders, customers, products) the key lacks. Blocks: run
// it off the GUI thread.

#include "config/Store.h"
#include "core/Result.h"

#include <QStringList>

namespace engine::ApiCheck {

struct Found {
    ApiVersion version = ApiVersion::V1;
    QStringList scopes;  // the key's (Admin API only)
    QStringList missing; // of read_orders, read_customers, read_products
};

Result<Found> run(const Store &store, const QString &caFile = QString(), int timeoutMs = 10'000);

} // namespace engine::ApiCheck
