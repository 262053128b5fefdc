#include "OrderMapping.h"

#include <cstdlib>
#include <map>

namespace engine::OrderMapping {

namespace {

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
    const Json &state = memberAt(a, "state");
    std::string stateName = text(memberAt(state, "name"));
    if (stateName.empty())
        stateName =
            text(memberAt(a, "state_name")).empty() ? text(memberAt(a, "state_text")) : text(memberAt(a, "state_name"));
    return {{"firstname", text(memberAt(a, "firstname"))},
            {"lastname", text(memberAt(a, "lastname"))},
            {"address1", text(memberAt(a, "address1"))},
            {"address2", text(memberAt(a, "address2"))},
            {"zipcode", text(memberAt(a, "zipcode"))},
            {"city", text(memberAt(a, "city"))},
            {"state", stateName},
            {"country", text(memberAt(memberAt(a, "country"), "iso"))},
            {"phone", text(memberAt(a, "phone"))}};
}

Json v3Address(const Json &a)
{
    if (!a.is_object())
        return Json();
    return {{"firstname", text(memberAt(a, "first_name"))}, {"lastname", text(memberAt(a, "last_name"))},
            {"address1", text(memberAt(a, "address1"))},    {"address2", text(memberAt(a, "address2"))},
            {"zipcode", text(memberAt(a, "postal_code"))},  {"city", text(memberAt(a, "city"))},
            {"state", text(memberAt(a, "state_abbr"))},     {"country", text(memberAt(a, "country_iso"))},
            {"phone", text(memberAt(a, "phone"))}};
}

struct Line {
    std::string name, sku;
    double price = 0;
};

// The list at `key`, or an empty one (read in place: the loops over it copy nothing).
const Json &listAt(const Json &object, const char *key)
{
    static const Json empty = Json::array();
    const Json &v = memberAt(object, key);
    return v.is_array() ? v : empty;
}

Json quantity(const Json &entry)
{
    return memberAt(entry, "quantity").is_number() ? memberAt(entry, "quantity") : Json(0);
}

// The hub's line item, and an item of a shipment (a line item's variant and quantity), alike for both APIs.
Json lineItem(const Line &line, const Json &entry)
{
    return {{"name", line.name},           {"sku", line.sku},     {"external_ref", ""},
            {"quantity", quantity(entry)}, {"price", line.price}, {"variant_id", orNull(memberAt(entry, "variant_id"))},
            {"options", Json::object()}};
}

Json shipmentItem(const Line &line, const Json &entry)
{
    return {{"name", line.name},
            {"sku", line.sku},
            {"quantity", quantity(entry)},
            {"price", line.price},
            {"variant_id", orNull(memberAt(entry, "variant_id"))}};
}

Json payment(const Json &p, const char *statusKey)
{
    return {{"number", text(memberAt(p, "number"))},
            {"status", text(memberAt(p, statusKey))},
            {"amount", amount(memberAt(p, "amount"))},
            {"payment_method", text(memberAt(memberAt(p, "payment_method"), "name"))}};
}

} // namespace

Json fromV1(const Json &o)
{
    Json order = {{"number", text(memberAt(o, "number"))},
                  {"channel", text(memberAt(o, "channel")).empty() ? "spree" : text(memberAt(o, "channel"))},
                  {"email", text(memberAt(o, "email"))},
                  {"currency", text(memberAt(o, "currency"))},
                  {"placed_on", orNull(memberAt(o, "completed_at"))},
                  {"updated_at", orNull(memberAt(o, "updated_at"))},
                  {"status", text(memberAt(o, "state"))}};
    const double shipping = amount(memberAt(o, "ship_total"));
    order["totals"] = {
        {"item", amount(memberAt(o, "item_total"))},       {"adjustment", amount(memberAt(o, "adjustment_total"))},
        {"tax", amount(memberAt(o, "tax_total"))},         {"shipping", shipping},
        {"payment", amount(memberAt(o, "payment_total"))}, {"order", amount(memberAt(o, "total"))}};

    Json lines = Json::array();
    std::map<std::string, Line> byVariant;
    for (const Json &li : listAt(o, "line_items")) {
        const Json &variant = memberAt(li, "variant");
        const Line line{text(memberAt(variant, "name")), text(memberAt(variant, "sku")), amount(memberAt(li, "price"))};
        byVariant[text(memberAt(li, "variant_id"))] = line;
        lines.push_back(lineItem(line, li));
    }
    order["line_items"] = std::move(lines);
    order["adjustments"] = adjustments(shipping, amount(memberAt(o, "additional_tax_total")), 0.0);
    order["shipping_address"] = v1Address(memberAt(o, "ship_address"));
    order["billing_address"] = v1Address(memberAt(o, "bill_address"));

    Json payments = Json::array();
    for (const Json &p : listAt(o, "payments"))
        payments.push_back(payment(p, "state"));
    order["payments"] = std::move(payments);

    Json shipments = Json::array();
    for (const Json &s : listAt(o, "shipments")) {
        Json items = Json::array();
        for (const Json &m : listAt(s, "manifest"))
            items.push_back(shipmentItem(byVariant[text(memberAt(m, "variant_id"))], m));
        shipments.push_back(
            {{"number", text(memberAt(s, "number"))},
             {"cost", amount(memberAt(s, "cost"))},
             {"status", text(memberAt(s, "state"))},
             {"stock_location", text(memberAt(s, "stock_location_name"))},
             {"shipping_method", text(memberAt(memberAt(s, "selected_shipping_rate"), "name"))},
             {"tracking", orNull(memberAt(s, "tracking"))},
             {"updated_at", orNull(memberAt(o, "updated_at"))}, // v1 gives a shipment no time of its own
             {"shipped_at", orNull(memberAt(s, "shipped_at"))},
             {"items", std::move(items)}});
    }
    order["shipments"] = std::move(shipments);
    return order;
}

Json fromV3(const Json &o)
{
    const std::string status = text(memberAt(o, "status"));
    Json order = {{"number", text(memberAt(o, "number"))},
                  {"channel", "spree"},
                  {"email", text(memberAt(o, "email"))},
                  {"currency", text(memberAt(o, "currency"))},
                  {"placed_on", orNull(memberAt(o, "completed_at"))},
                  {"updated_at", orNull(memberAt(o, "updated_at"))},
                  {"status", status == "placed"  ? "complete"
                             : status == "draft" ? "cart"
                                                 : status}};
    const double shipping = amount(memberAt(o, "delivery_total"));
    order["totals"] = {
        {"item", amount(memberAt(o, "item_total"))},       {"adjustment", amount(memberAt(o, "adjustment_total"))},
        {"tax", amount(memberAt(o, "tax_total"))},         {"shipping", shipping},
        {"payment", amount(memberAt(o, "payment_total"))}, {"order", amount(memberAt(o, "total"))}};

    Json lines = Json::array();
    std::map<std::string, Line> byItem;
    for (const Json &li : listAt(o, "items")) {
        if (!li.is_object())
            continue; // not expanded: ids only
        const Line line{text(memberAt(li, "name")), text(memberAt(li, "sku")), amount(memberAt(li, "price"))};
        byItem[text(memberAt(li, "id"))] = line;
        lines.push_back(lineItem(line, li));
    }
    order["line_items"] = std::move(lines);
    order["adjustments"] =
        adjustments(shipping, amount(memberAt(o, "additional_tax_total")), amount(memberAt(o, "discount_total")));
    order["shipping_address"] = v3Address(memberAt(o, "shipping_address"));
    order["billing_address"] = v3Address(memberAt(o, "billing_address"));

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
            items.push_back(shipmentItem(byItem[text(memberAt(i, "item_id"))], i));
        shipments.push_back({{"number", text(memberAt(f, "number"))},
                             {"cost", amount(memberAt(f, "cost"))},
                             {"status", text(memberAt(f, "status"))},
                             {"stock_location", text(memberAt(f, "stock_location"))},
                             {"shipping_method", text(memberAt(memberAt(f, "shipping_method"), "name"))},
                             {"tracking", orNull(memberAt(f, "tracking"))},
                             {"updated_at", orNull(memberAt(o, "updated_at"))},
                             {"shipped_at", orNull(memberAt(f, "fulfilled_at"))},
                             {"items", std::move(items)}});
    }
    order["shipments"] = std::move(shipments);
    return order;
}

} // namespace engine::OrderMapping
