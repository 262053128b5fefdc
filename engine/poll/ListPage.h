#pragma once
// One page of a store's list of orders, customers or products as its Spree API v1 or v3 serves it (DESIGN §8),
// read the way the poller reads it: the page's rows, what identifies each across polls, and an object in the
// hub's shape. A store's answer is outside the hub's control: a page that is no list is an error a person can
// act on, a row that is no object or names no object is passed over, and a field of an unexpected type comes
// out null. Pure functions, on any thread.

#include "StorePoller.h"
#include "config/Store.h"
#include "core/Json.h"
#include "core/Result.h"

#include <QByteArray>

#include <string>
#include <vector>

namespace engine::ListPage {

using Resource = StorePoller::Resource;

struct Row {
    // An order's number, a customer's or product's id; empty when the row names none (it is passed over).
    std::string key;
    std::string updatedAt; // empty when the row has none (API v1's products)
    Json listed;           // the row as the page has it: for an order, the summary the poller fetches in full
};

// Where a page keeps its rows: "data" in API v3, the resource's plural in API v1.
const char *rowsKey(Resource resource, ApiVersion api);

// The page's rows in the order it lists them (whether the page was the last is told by how many it lists), or
// why it is not a list of them.
Result<std::vector<Row>> read(Resource resource, ApiVersion api, const Json &page);
// The same from the answer's body, which need not be JSON.
Result<std::vector<Row>> read(Resource resource, ApiVersion api, const QByteArray &body);

// An object in the hub's shape: an order as GET .../orders/{id} serves it in full (OrderMapping), a customer
// or a product as its list row has it. Never throws, whatever the object holds.
Json mapped(Resource resource, ApiVersion api, const Json &object);

} // namespace engine::ListPage
