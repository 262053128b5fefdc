#include "OrderMapping.h"

#include <cstdlib>
#include <map>

namespace engine::OrderMapping {

namespace {

// The value at `key`, or null.
const Json &at(const Json &object, const char *key)
{
    static const Json none;
    if (!object.is_object())
        return none;
    const auto it = object.find(key);
    return it == object.end() ? none : *it;
}

std::string text(const Json &value)
{
    if (value.is_string())
        return value.get<std::string>();
    if (value.is_number())
        return value.dump();
    return {};
}

// Spree's money is a decimal string; the hub's shape carries numbers.
double amount(const Json &value)
{
    if (value.is_number())
        return value.get<double>();
    if (value.is_string())
        return std::strtod(value.get<std::string>().c_str(), nullptr);
    return 0.0;
}

// Null stays null (a tracking number not yet known), anything else as it is.
Json orNull(const Json &value)
{
    return value.is_null() ? Json() : value;
}

Json adjustments(double shipping, double tax, double discount)
{
    Json list = Json::array();
    list.push_back({{"name", "Shipping"}, {"value", shipping}});
    if (tax != 0.0)
        list.push_back({{"name", "Tax"}, {"value", tax}});
    if (discount != 0.0)
        list.push_back({{"name", "Discount"}, {"value", -std::abs(discount)}});
    return list;
}

Json v1Address(const Json &a)
{
    if (!a.is_object())
        return Json();
    const Json &state = at(a, "state");
    std::string stateName = text(at(state, "name"));
    if (stateName.empty())
        stateName = text(at(a, "state_name")).empty() ? text(at(a, "state_text")) : text(at(a, "state_name"));
    return {{"firstname", text(at(a, "firstname"))},
            {"lastname", text(at(a, "lastname"))},
            {"address1", text(at(a, "address1"))},
            {"address2", text(at(a, "address2"))},
            {"zipcode", text(at(a, "zipcode"))},
            {"city", text(at(a, "city"))},
            {"state", stateName},
            {"country", text(at(at(a, "country"), "iso"))},
            {"phone", text(at(a, "phone"))}};
}

Json v3Address(const Json &a)
{
    if (!a.is_object())
        return Json();
    return {{"firstname", text(at(a, "first_name"))}, {"lastname", text(at(a, "last_name"))},
            {"address1", text(at(a, "address1"))},    {"address2", text(at(a, "address2"))},
            {"zipcode", text(at(a, "postal_code"))},  {"city", text(at(a, "city"))},
            {"state", text(at(a, "state_abbr"))},     {"country", text(at(a, "country_iso"))},
            {"phone", text(at(a, "phone"))}};
}

struct Line {
    std::string name, sku;
    double price = 0;
};

// The list at `key`, or an empty one (read in place: the loops over it copy nothing).
const Json &listAt(const Json &object, const char *key)
{
    static const Json empty = Json::array();
    const Json &v = at(object, key);
    return v.is_array() ? v : empty;
}

Json quantity(const Json &entry)
{
    return at(entry, "quantity").is_number() ? at(entry, "quantity") : Json(0);
}

// The hub's line item, and an item of a shipment (a line item's variant and quantity), alike for both APIs.
Json lineItem(const Line &line, const Json &entry)
{
    return {{"name", line.name},           {"sku", line.sku},     {"external_ref", ""},
            {"quantity", quantity(entry)}, {"price", line.price}, {"variant_id", orNull(at(entry, "variant_id"))},
            {"options", Json::object()}};
}

Json shipmentItem(const Line &line, const Json &entry)
{
    return {{"name", line.name},
            {"sku", line.sku},
            {"quantity", quantity(entry)},
            {"price", line.price},
            {"variant_id", orNull(at(entry, "variant_id"))}};
}

Json payment(const Json &p, const char *statusKey)
{
    return {{"number", text(at(p, "number"))},
            {"status", text(at(p, statusKey))},
            {"amount", amount(at(p, "amount"))},
            {"payment_method", text(at(at(p, "payment_method"), "name"))}};
}

} // namespace

Json fromV1(const Json &o)
{
    Json order = {{"number", text(at(o, "number"))},
                  {"channel", text(at(o, "channel")).empty() ? "spree" : text(at(o, "channel"))},
                  {"email", text(at(o, "email"))},
                  {"currency", text(at(o, "currency"))},
                  {"placed_on", orNull(at(o, "completed_at"))},
                  {"updated_at", orNull(at(o, "updated_at"))},
                  {"status", text(at(o, "state"))}};
    const double shipping = amount(at(o, "ship_total"));
    order["totals"] = {{"item", amount(at(o, "item_total"))},       {"adjustment", amount(at(o, "adjustment_total"))},
                       {"tax", amount(at(o, "tax_total"))},         {"shipping", shipping},
                       {"payment", amount(at(o, "payment_total"))}, {"order", amount(at(o, "total"))}};

    Json lines = Json::array();
    std::map<std::string, Line> byVariant;
    for (const Json &li : listAt(o, "line_items")) {
        const Json &variant = at(li, "variant");
        const Line line{text(at(variant, "name")), text(at(variant, "sku")), amount(at(li, "price"))};
        byVariant[text(at(li, "variant_id"))] = line;
        lines.push_back(lineItem(line, li));
    }
    order["line_items"] = std::move(lines);
    order["adjustments"] = adjustments(shipping, amount(at(o, "additional_tax_total")), 0.0);
    order["shipping_address"] = v1Address(at(o, "ship_address"));
    order["billing_address"] = v1Address(at(o, "bill_address"));

    Json payments = Json::array();
    for (const Json &p : listAt(o, "payments"))
        payments.push_back(payment(p, "state"));
    order["payments"] = std::move(payments);

    Json shipments = Json::array();
    for (const Json &s : listAt(o, "shipments")) {
        Json items = Json::array();
        for (const Json &m : listAt(s, "manifest"))
            items.push_back(shipmentItem(byVariant[text(at(m, "variant_id"))], m));
        shipments.push_back({{"number", text(at(s, "number"))},
                             {"cost", amount(at(s, "cost"))},
                             {"status", text(at(s, "state"))},
                             {"stock_location", text(at(s, "stock_location_name"))},
                             {"shipping_method", text(at(at(s, "selected_shipping_rate"), "name"))},
                             {"tracking", orNull(at(s, "tracking"))},
                             {"updated_at", orNull(at(o, "updated_at"))}, // v1 gives a shipment no time of its own
                             {"shipped_at", orNull(at(s, "shipped_at"))},
                             {"items", std::move(items)}});
    }
    order["shipments"] = std::move(shipments);
    return order;
}

Json fromV3(const Json &o)
{
    const std::string status = text(at(o, "status"));
    Json order = {{"number", text(at(o, "number"))},
                  {"channel", "spree"},
                  {"email", text(at(o, "email"))},
                  {"currency", text(at(o, "currency"))},
                  {"placed_on", orNull(at(o, "completed_at"))},
                  {"updated_at", orNull(at(o, "updated_at"))},
                  {"status", status == "placed"  ? "complete"
                             : status == "draft" ? "cart"
                                                 : status}};
    const double shipping = amount(at(o, "delivery_total"));
    order["totals"] = {{"item", amount(at(o, "item_total"))},       {"adjustment", amount(at(o, "adjustment_total"))},
                       {"tax", amount(at(o, "tax_total"))},         {"shipping", shipping},
                       {"payment", amount(at(o, "payment_total"))}, {"order", amount(at(o, "total"))}};

    Json lines = Json::array();
    std::map<std::string, Line> byItem;
    for (const Json &li : listAt(o, "items")) {
        if (!li.is_object())
            continue; // not expanded: ids only
        const Line line{text(at(li, "name")), text(at(li, "sku")), amount(at(li, "price"))};
        byItem[text(at(li, "id"))] = line;
        lines.push_back(lineItem(line, li));
    }
    order["line_items"] = std::move(lines);
    order["adjustments"] =
        adjustments(shipping, amount(at(o, "additional_tax_total")), amount(at(o, "discount_total")));
    order["shipping_address"] = v3Address(at(o, "shipping_address"));
    order["billing_address"] = v3Address(at(o, "billing_address"));

    Json payments = Json::array();
    for (const Json &p : listAt(o, "payments")) {
        if (p.is_object())
            payments.push_back(payment(p, "status"));
    }
    order["payments"] = std::move(payments);

    Json shipments = Json::array();
    for (const Json &f : listAt(o, "fulfillments")) {
        if (!f.is_object())
            continue;
        Json items = Json::array();
        for (const Json &i : listAt(f, "items"))
            items.push_back(shipmentItem(byItem[text(at(i, "item_id"))], i));
        shipments.push_back({{"number", text(at(f, "number"))},
                             {"cost", amount(at(f, "cost"))},
                             {"status", text(at(f, "status"))},
                             {"stock_location", text(at(f, "stock_location"))},
                             {"shipping_method", text(at(at(f, "shipping_method"), "name"))},
                             {"tracking", orNull(at(f, "tracking"))},
                             {"updated_at", orNull(at(o, "updated_at"))},
                             {"shipped_at", orNull(at(f, "fulfilled_at"))},
                             {"items", std::move(items)}});
    }
    order["shipments"] = std::move(shipments);
    return order;
}

} // namespace engine::OrderMapping
