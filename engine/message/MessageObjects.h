#pragma once
// The business objects a message is about (DESIGN §1, §10), read from its type and payload text without
// building a tree: an order:* or cart:* is about payload.order.number; a shipment:* about its shipment
// (payload.shipment.number) and that shipment's order (payload.shipment.order_number); a product:*, stock:*
// or inventory:* about the product's SKU, else its id; a user:* or customer:* about the e-mail. What an
// object's history (storage/History) finds its messages by.

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace engine {

// Every kind of object objectsOf() names.
inline constexpr std::array<std::string_view, 4> objectTypes{"order", "shipment", "product", "user"};

struct ObjectRef {
    std::string type; // order, shipment, product, user
    std::string id;   // R123, H456, TOTE-1, jane@example.com
    friend bool operator==(const ObjectRef &, const ObjectRef &) = default;
};

// `payload` must be valid JSON (as every stored payload is). None when the message is about nothing known.
std::vector<ObjectRef> objectsOf(std::string_view type, std::string_view payload);

} // namespace engine
