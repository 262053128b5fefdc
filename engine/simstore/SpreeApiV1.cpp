#include "SpreeApiV1.h"

#include <QString>

#include <algorithm>

namespace engine::sim::SpreeApiV1 {

namespace {

std::string display(qint64 cents)
{
    return "$" + money(cents);
}

// API v1's sort: q[s]=updated_at asc|desc; any other leaves the database's order.
OrderQuery listQuery(const QUrlQuery &query, bool orders)
{
    OrderQuery q = ransack(query, orders, "per_page");
    const std::string sort =
        QString::fromStdString(queryValue(query, QStringLiteral("q[s]"))).simplified().toStdString();
    if (sort == "updated_at asc" || sort == "updated_at")
        q.sort = OrderQuery::Sort::UpdatedAsc;
    else if (sort == "updated_at desc")
        q.sort = OrderQuery::Sort::UpdatedDesc;
    return q;
}

Json address(const Order &o, const Catalogue &catalogue, int id)
{
    const std::optional<Customer> c = catalogue.customer(o.customerId);
    const std::string first = c ? c->firstName : "Guest", last = c ? c->lastName : "Shopper";
    return {{"id", id},
            {"firstname", first},
            {"lastname", last},
            {"full_name", first + " " + last},
            {"address1", std::to_string(o.id % 90 + 1) + " Main St"},
            {"address2", nullptr},
            {"city", "Bethesda"},
            {"zipcode", "20814"},
            {"phone", "555-0100"},
            {"company", nullptr},
            {"alternative_phone", nullptr},
            {"country_id", 232},
            {"state_id", 3561},
            {"state_name", nullptr},
            {"state_text", "MD"},
            {"country",
             {{"id", 232},
              {"iso_name", "UNITED STATES"},
              {"iso", "US"},
              {"iso3", "USA"},
              {"name", "United States"},
              {"numcode", 840}}},
            {"state", {{"id", 3561}, {"name", "Maryland"}, {"abbr", "MD"}, {"country_id", 232}}}};
}

Json variant(const LineItem &item)
{
    return {{"id", item.variantId},
            {"name", item.name},
            {"sku", item.sku},
            {"price", money(item.priceCents)},
            {"is_master", true},
            {"product_id", item.variantId},
            {"display_price", display(item.priceCents)}};
}

Json paged(const char *key, Json rows, int total, int page, int perPage)
{
    const int pages = total == 0 ? 0 : (total + perPage - 1) / perPage;
    const int count = int(rows.size());
    return {{key, std::move(rows)}, {"count", count}, {"current_page", page}, {"pages", pages}};
}

ApiAnswer notFound()
{
    return {404, {{"error", "The resource you were looking for could not be found."}}, {}};
}

} // namespace

Json orderSummary(const Order &o)
{
    int quantity = 0;
    for (const LineItem &i : o.items)
        quantity += i.quantity;
    const qint64 paid = o.paymentState == "paid" ? o.totalCents() : 0;
    return {{"id", o.id},
            {"number", o.number},
            {"item_total", money(o.itemCents())},
            {"total", money(o.totalCents())},
            {"ship_total", money(o.shipCents)},
            {"state", o.state == "cart" ? "cart" : o.state},
            {"adjustment_total", "0.0"},
            {"user_id", o.customerId ? Json(o.customerId) : Json()},
            {"created_at", isoTime(o.createdAt)},
            {"updated_at", isoTime(o.updatedAt)},
            {"completed_at", nullable(o.completedAt)},
            {"payment_total", money(paid)},
            {"shipment_state", nullable(o.shipmentState)},
            {"payment_state", nullable(o.paymentState)},
            {"email", o.email},
            {"special_instructions", nullptr},
            {"channel", "spree"},
            {"included_tax_total", "0.0"},
            {"additional_tax_total", "0.0"},
            {"tax_total", "0.0"},
            {"currency", "USD"},
            {"considered_risky", false},
            {"canceler_id", nullptr},
            {"total_quantity", quantity},
            {"display_total", display(o.totalCents())},
            {"token", "tok" + std::to_string(o.id)},
            {"checkout_steps", {"address", "delivery", "payment", "complete"}}};
}

Json order(const Order &o, const Catalogue &catalogue)
{
    Json j = orderSummary(o);
    j["bill_address"] = address(o, catalogue, o.id * 2 - 1);
    j["ship_address"] = address(o, catalogue, o.id * 2);
    Json items = Json::array();
    for (const LineItem &i : o.items) {
        items.push_back({{"id", i.id},
                         {"quantity", i.quantity},
                         {"price", money(i.priceCents)},
                         {"variant_id", i.variantId},
                         {"single_display_amount", display(i.priceCents)},
                         {"display_amount", display(i.priceCents * i.quantity)},
                         {"total", money(i.priceCents * i.quantity)},
                         {"variant", variant(i)},
                         {"adjustments", Json::array()}});
    }
    j["line_items"] = std::move(items);
    Json payments = Json::array();
    if (!o.paymentState.empty()) {
        const char *state = o.paymentState == "paid" ? "completed" : o.paymentState == "void" ? "void" : "checkout";
        payments.push_back({{"id", o.id},
                            {"source_type", "Spree::CreditCard"},
                            {"amount", money(o.totalCents())},
                            {"display_amount", display(o.totalCents())},
                            {"payment_method_id", 2},
                            {"state", state},
                            {"number", "P" + std::to_string(10'000'000 + o.id)},
                            {"payment_method", {{"id", 2}, {"name", "Credit Card"}}}});
    }
    j["payments"] = std::move(payments);
    Json shipments = Json::array();
    if (!o.shipmentState.empty()) {
        Json manifest = Json::array();
        for (const LineItem &i : o.items)
            manifest.push_back(
                {{"variant_id", i.variantId}, {"quantity", i.quantity}, {"states", {{"on_hand", i.quantity}}}});
        shipments.push_back({{"id", o.id},
                             {"tracking", nullable(o.tracking)},
                             {"number", o.shipmentNumber},
                             {"cost", money(o.shipCents)},
                             {"shipped_at", nullable(o.shippedAt)},
                             {"state", o.shipmentState},
                             {"order_id", o.number},
                             {"stock_location_name", "default"},
                             {"shipping_rates", Json::array()},
                             {"selected_shipping_rate",
                              {{"id", o.id},
                               {"name", "UPS Ground"},
                               {"cost", money(o.shipCents)},
                               {"selected", true},
                               {"shipping_method_id", 1},
                               {"display_cost", display(o.shipCents)}}},
                             {"shipping_methods", Json::array()},
                             {"manifest", std::move(manifest)},
                             {"adjustments", Json::array()}});
    }
    j["shipments"] = std::move(shipments);
    j["adjustments"] = Json::array();
    j["permissions"] = {{"can_update", true}};
    j["credit_cards"] = Json::array();
    return j;
}

ApiAnswer answer(const Catalogue &catalogue, const QByteArray &path, const QUrlQuery &query)
{
    if (path == "/orders") {
        const OrderQuery q = listQuery(query, true);
        Page<Order> page = catalogue.orders(q);
        Json rows = Json::array();
        for (const Order &o : page.rows)
            rows.push_back(orderSummary(o));
        return {200, paged("orders", std::move(rows), page.total, q.page, q.perPage), {}};
    }
    if (path.startsWith("/orders/")) {
        const std::optional<Order> o = catalogue.orderByNumber(path.mid(8).toStdString());
        return o ? ApiAnswer{200, order(*o, catalogue), {}} : notFound();
    }
    if (path == "/users") {
        const OrderQuery q = listQuery(query, false);
        Page<Customer> page = catalogue.customers(q);
        Json rows = Json::array();
        for (const Customer &c : page.rows) {
            rows.push_back({{"id", c.id},
                            {"email", c.email},
                            {"created_at", isoTime(c.createdAt)},
                            {"updated_at", isoTime(c.updatedAt)},
                            {"bill_address", nullptr},
                            {"ship_address", nullptr}});
        }
        return {200, paged("users", std::move(rows), page.total, q.page, q.perPage), {}};
    }
    if (path == "/products") {
        const OrderQuery q = ransack(query, false, "per_page");
        const int page = q.page, perPage = q.perPage;
        Page<Product> products = catalogue.products(page, perPage); // no times to filter or sort by
        Json rows = Json::array();
        for (const Product &p : products.rows) {
            const LineItem master{0, p.id, p.sku, p.name, 1, p.priceCents};
            // v1 products carry no updated_at.
            rows.push_back({{"id", p.id},
                            {"name", p.name},
                            {"description", "A " + p.name + "."},
                            {"price", money(p.priceCents)},
                            {"display_price", display(p.priceCents)},
                            {"available_on", isoTime(p.createdAt)},
                            {"slug", p.slug},
                            {"has_variants", false},
                            {"master", variant(master)},
                            {"variants", Json::array()}});
        }
        Json body = paged("products", std::move(rows), products.total, page, perPage);
        body["total_count"] = products.total;
        body["per_page"] = perPage;
        return {200, std::move(body), {}};
    }
    return notFound();
}

} // namespace engine::sim::SpreeApiV1
