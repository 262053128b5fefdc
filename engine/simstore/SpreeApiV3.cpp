#include "SpreeApiV3.h"

#include <QString>
#include <QStringList>

#include <algorithm>
#include <cstring>
#include <set>
#include <string_view>

namespace engine::sim::SpreeApiV3 {

namespace {

const char alphabet[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
// Ids look like Spree's (a prefix and 12 base58 characters) and read back without a lookup: the characters
// are base58 of a scrambled id.
constexpr quint64 scale = 7'919, offset = 1'234'567;

std::string prefixed(const char *prefix, int id)
{
    std::string digits;
    for (quint64 x = quint64(id) * scale + offset; digits.size() < 12; x /= 58)
        digits.insert(digits.begin(), alphabet[x % 58]);
    return prefix + digits;
}

// The catalogue's id behind a prefixed id, or 0.
int idFrom(const std::string &prefixedId, const char *prefix)
{
    const std::string_view p(prefix);
    if (prefixedId.size() != p.size() + 12 || prefixedId.compare(0, p.size(), p) != 0)
        return 0;
    quint64 x = 0;
    for (size_t i = p.size(); i < prefixedId.size(); ++i) {
        const char *at = std::strchr(alphabet, prefixedId[i]);
        if (!at || *at == 0)
            return 0;
        x = x * 58 + quint64(at - alphabet);
    }
    if (x < offset || (x - offset) % scale != 0)
        return 0;
    return int((x - offset) / scale);
}

// The Admin API's sort: its first key decides here; others, and unknown ones, change nothing.
OrderQuery listQuery(const QUrlQuery &query, bool orders)
{
    OrderQuery q = ransack(query, orders, "limit");
    const QString sort =
        QString::fromStdString(queryValue(query, QStringLiteral("sort"))).split(QLatin1Char(',')).value(0);
    if (sort == QLatin1String("updated_at"))
        q.sort = OrderQuery::Sort::UpdatedAsc;
    else if (sort == QLatin1String("-updated_at"))
        q.sort = OrderQuery::Sort::UpdatedDesc;
    return q;
}

Json list(Json data, int total, const OrderQuery &q)
{
    const int pages = total == 0 ? 0 : (total + q.perPage - 1) / q.perPage;
    const int in = int(data.size());
    const int from = in == 0 ? 0 : (q.page - 1) * q.perPage + 1;
    return {{"data", std::move(data)},
            {"meta",
             {{"page", q.page},
              {"limit", q.perPage},
              {"count", total},
              {"pages", pages},
              {"from", from},
              {"to", in == 0 ? 0 : from + in - 1},
              {"in", in},
              {"previous", q.page > 1 ? Json(q.page - 1) : Json()},
              {"next", q.page < pages ? Json(q.page + 1) : Json()}}}};
}

const char *status(const Order &o)
{
    return o.state == "canceled" ? "canceled" : o.placed() ? "placed" : "draft";
}

Json summary(const Order &o)
{
    int quantity = 0;
    for (const LineItem &i : o.items)
        quantity += i.quantity;
    const qint64 paid = o.paymentState == "paid" ? o.totalCents() : 0;
    return {{"id", orderId(o.id)},
            {"number", o.number},
            {"email", o.email},
            {"status", status(o)},
            {"fulfillment_status", nullable(o.shipmentState)},
            {"payment_status", nullable(o.paymentState)},
            {"currency", "USD"},
            {"locale", "en"},
            {"total_quantity", quantity},
            {"customer_note", nullptr},
            {"completed_at", nullable(o.completedAt)},
            {"canceled_at", nullable(o.canceledAt)},
            {"approved_at", nullptr},
            {"created_at", isoTime(o.createdAt)},
            {"updated_at", isoTime(o.updatedAt)},
            {"customer_id", o.customerId ? Json(customerId(o.customerId)) : Json()},
            {"tags", Json::array()},
            {"metadata", Json::object()},
            {"considered_risky", false},
            {"item_total", money(o.itemCents())},
            {"delivery_total", money(o.shipCents)},
            {"adjustment_total", "0.00"},
            {"discount_total", "0.00"},
            {"tax_total", "0.00"},
            {"included_tax_total", "0.00"},
            {"additional_tax_total", "0.00"},
            {"total", money(o.totalCents())},
            {"amount_due", money(o.totalCents() - paid)},
            {"payment_total", money(paid)},
            {"display_total", "$" + money(o.totalCents())}};
}

Json address(const Order &o, const Catalogue &catalogue, const char *which)
{
    const std::optional<Customer> c = catalogue.customer(o.customerId);
    return {{"id", prefixed(which, o.id)},
            {"first_name", c ? c->firstName : "Guest"},
            {"last_name", c ? c->lastName : "Shopper"},
            {"address1", std::to_string(o.id % 90 + 1) + " Main St"},
            {"address2", nullptr},
            {"city", "Bethesda"},
            {"postal_code", "20814"},
            {"state_abbr", "MD"},
            {"country_iso", "US"},
            {"phone", "555-0100"},
            {"company", nullptr}};
}

Json full(const Order &o, const Catalogue &catalogue, const std::set<std::string> &expand)
{
    Json j = summary(o);
    Json items = Json::array(), itemIds = Json::array();
    for (const LineItem &i : o.items) {
        itemIds.push_back(prefixed("li_", i.id));
        items.push_back({{"id", prefixed("li_", i.id)},
                         {"variant_id", prefixed("variant_", i.variantId)},
                         {"quantity", i.quantity},
                         {"price", money(i.priceCents)},
                         {"total", money(i.priceCents * i.quantity)},
                         {"name", i.name},
                         {"sku", i.sku},
                         {"options_text", ""}});
    }
    // Associations are ids only unless expanded.
    j["items"] = expand.count("items") ? items : itemIds;
    Json fulfillments = Json::array();
    if (!o.shipmentState.empty()) {
        Json lines = Json::array();
        for (const LineItem &i : o.items)
            lines.push_back({{"item_id", prefixed("li_", i.id)},
                             {"variant_id", prefixed("variant_", i.variantId)},
                             {"quantity", i.quantity}});
        Json f = {{"id", prefixed("ful_", o.id)},          {"number", o.shipmentNumber}, {"status", o.shipmentState},
                  {"tracking", nullable(o.tracking)},      {"tracking_url", nullptr},    {"cost", money(o.shipCents)},
                  {"fulfilled_at", nullable(o.shippedAt)}, {"items", std::move(lines)}};
        fulfillments.push_back(expand.count("fulfillments") ? std::move(f) : Json(prefixed("ful_", o.id)));
    }
    j["fulfillments"] = std::move(fulfillments);
    Json payments = Json::array();
    if (!o.paymentState.empty()) {
        const char *state = o.paymentState == "paid" ? "completed" : o.paymentState == "void" ? "void" : "checkout";
        Json p = {{"id", prefixed("py_", o.id)},
                  {"number", "P" + std::to_string(10'000'000 + o.id)},
                  {"status", state},
                  {"amount", money(o.totalCents())},
                  {"payment_method", {{"name", "Credit Card"}}}};
        payments.push_back(expand.count("payments") ? std::move(p) : Json(prefixed("py_", o.id)));
    }
    j["payments"] = std::move(payments);
    j["billing_address"] =
        expand.count("billing_address") ? address(o, catalogue, "addr_b") : Json(prefixed("addr_b", o.id));
    j["shipping_address"] =
        expand.count("shipping_address") ? address(o, catalogue, "addr_s") : Json(prefixed("addr_s", o.id));
    return j;
}

} // namespace

std::string orderId(int id)
{
    return prefixed("or_", id);
}

std::string customerId(int id)
{
    return prefixed("cus_", id);
}

ApiAnswer error(int status, const char *code, const std::string &message, Json details)
{
    Json e = {{"code", code}, {"message", message}};
    if (!details.is_null())
        e["details"] = std::move(details);
    return {status, {{"error", std::move(e)}}, {}};
}

std::string requiredScope(const QByteArray &path)
{
    if (path.startsWith("/orders"))
        return "read_orders";
    if (path.startsWith("/customers"))
        return "read_customers";
    if (path.startsWith("/products"))
        return "read_products";
    return {};
}

ApiAnswer answer(const Catalogue &catalogue, const QByteArray &path, const QUrlQuery &query)
{
    if (path == "/orders") {
        const OrderQuery q = listQuery(query, true);
        Page<Order> page = catalogue.orders(q);
        Json rows = Json::array();
        for (const Order &o : page.rows)
            rows.push_back(summary(o));
        return {200, list(std::move(rows), page.total, q), {}};
    }
    if (path.startsWith("/orders/")) {
        const int id = idFrom(path.mid(8).toStdString(), "or_");
        const std::optional<Order> o = catalogue.orderById(id);
        if (!o)
            return error(404, "record_not_found", "Order not found");
        std::set<std::string> expand;
        for (const QString &e :
             QString::fromStdString(queryValue(query, QStringLiteral("expand"))).split(QLatin1Char(',')))
            expand.insert(e.trimmed().toStdString());
        return {200, full(*o, catalogue, expand), {}};
    }
    if (path == "/customers") {
        const OrderQuery q = listQuery(query, false);
        Page<Customer> page = catalogue.customers(q);
        Json rows = Json::array();
        for (const Customer &c : page.rows) {
            rows.push_back({{"id", customerId(c.id)},
                            {"email", c.email},
                            {"first_name", c.firstName},
                            {"last_name", c.lastName},
                            {"phone", nullptr},
                            {"created_at", isoTime(c.createdAt)},
                            {"updated_at", isoTime(c.updatedAt)}});
        }
        return {200, list(std::move(rows), page.total, q), {}};
    }
    if (path == "/products") {
        const OrderQuery q = listQuery(query, false);
        Page<Product> page = catalogue.products(q);
        Json rows = Json::array();
        for (const Product &p : page.rows) {
            rows.push_back({{"id", prefixed("prod_", p.id)},
                            {"name", p.name},
                            {"slug", p.slug},
                            {"status", "active"},
                            {"default_variant_id", prefixed("variant_", p.id)},
                            {"sku", p.sku},
                            {"price", money(p.priceCents)},
                            {"created_at", isoTime(p.createdAt)},
                            {"updated_at", isoTime(p.updatedAt)}});
        }
        return {200, list(std::move(rows), page.total, q), {}};
    }
    return error(404, "record_not_found", "Not found");
}

} // namespace engine::sim::SpreeApiV3
