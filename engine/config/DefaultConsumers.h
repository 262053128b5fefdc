#pragma once
// The consumers a hub ships with (DESIGN §7): a new database has them on; an upgraded one is offered them
// turned off, with a notice (storage/sqlite/Schema.cpp). The owner can turn them off or edit them.

#include "Consumer.h"

#include <vector>

namespace engine::DefaultConsumers {

// order:new / order:updated whose order is canceled → order:canceled with the same payload, once per order.
Consumer canceledOrders();
// Each ready shipment of an order:new / order:updated → shipment:ready shaped as the hub's shipment message
// (../shared/messages/shipment-ready.json): the shipment with its order's number, e-mail and address, once
// per shipment.
Consumer shipmentReady();

std::vector<Consumer> all();

} // namespace engine::DefaultConsumers
