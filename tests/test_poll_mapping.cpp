// The poller's pure parts: a Spree order of either API in the hub's shape, what changed between two copies of
// an object, and a page of a store's list (cases from tests/fuzz/corpus/list_page among them).

#include "support/TestDatabase.h"

#include "core/Json.h"
#include "poll/ListPage.h"
#include "poll/ObjectDiff.h"
#include "poll/OrderMapping.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

using namespace engine;

namespace {

using test::fixture;

} // namespace

TEST(OrderMapping, AnApiV1OrderBecomesTheHubsOrder)
{
    const Json mapped = OrderMapping::fromV1(fixture("spree-v1-order.json"));
    const Json expected = fixture("order-new.json")["payload"]["order"];
    EXPECT_EQ(mapped, expected) << "diff: " << ObjectDiff::between(expected, mapped).dump();
}

TEST(OrderMapping, AnAdminApiOrderBecomesTheSameShape)
{
    const Json mapped = OrderMapping::fromV3(fixture("spree-v3-order.json"));
    const Json v1 = fixture("order-new.json")["payload"]["order"];
    // What both APIs say alike.
    for (const char *key : {"number", "email", "currency", "placed_on", "updated_at", "status", "totals", "payments"})
        EXPECT_EQ(mapped[key], v1[key]) << key;
    ASSERT_EQ(mapped["line_items"].size(), 1u);
    EXPECT_EQ(mapped["line_items"][0]["name"], "Tote");
    EXPECT_EQ(mapped["line_items"][0]["quantity"], 2);
    EXPECT_EQ(mapped["line_items"][0]["price"], 19.99);
    EXPECT_EQ(mapped["shipping_address"]["zipcode"], "20814");
    EXPECT_EQ(mapped["shipping_address"]["state"], "MD"); // v3 gives the abbreviation only
    EXPECT_EQ(mapped["shipping_address"]["country"], "US");
    ASSERT_EQ(mapped["shipments"].size(), 1u);
    EXPECT_EQ(mapped["shipments"][0]["number"], "H12345678901");
    EXPECT_EQ(mapped["shipments"][0]["status"], "ready");
    EXPECT_EQ(mapped["shipments"][0]["items"][0]["name"], "Tote") << "joined with its line item";
    // v3's statuses read as v1's.
    Json canceled = fixture("spree-v3-order.json");
    canceled["status"] = "canceled";
    EXPECT_EQ(OrderMapping::fromV3(canceled)["status"], "canceled");
    canceled["status"] = "draft";
    EXPECT_EQ(OrderMapping::fromV3(canceled)["status"], "cart");
}

TEST(OrderMapping, WhatIsMissingComesOutEmptyNotAsAnError)
{
    const Json mapped = OrderMapping::fromV1(Json::parse(R"({"number": "R1", "state": "complete"})"));
    EXPECT_EQ(mapped["number"], "R1");
    EXPECT_EQ(mapped["line_items"], Json::array());
    EXPECT_EQ(mapped["totals"]["order"], 0.0);
    EXPECT_TRUE(mapped["shipping_address"].is_null());
    EXPECT_TRUE(OrderMapping::fromV3(Json::parse("[]"))["shipments"].empty());
}

TEST(ObjectDiff, NamesEachChangedFieldByItsDottedPath)
{
    const Json before = Json::parse(R"({"status": "complete", "updated_at": "t1", "totals": {"order": 44.98},
        "shipments": [{"number": "H1", "status": "ready"}], "email": "a@example.com"})");
    const Json after = Json::parse(R"({"status": "complete", "updated_at": "t2", "totals": {"order": 40.0},
        "shipments": [{"number": "H1", "status": "shipped"}, {"number": "H2", "status": "pending"}],
        "note": "gift"})");
    const Json diff = ObjectDiff::between(before, after);
    // The hub's Json keeps insertion order; the diff's order is not part of it.
    EXPECT_EQ(nlohmann::json::parse(diff.dump()), nlohmann::json::parse(R"({
        "updated_at": ["t1", "t2"],
        "totals.order": [44.98, 40.0],
        "shipments.0.status": ["ready", "shipped"],
        "shipments.1": [null, {"number": "H2", "status": "pending"}],
        "email": ["a@example.com", null],
        "note": [null, "gift"]})"))
        << diff.dump();
    EXPECT_TRUE(ObjectDiff::changesMoreThanTimes(diff));
    EXPECT_EQ(ObjectDiff::between(before, before), Json::object());
}

TEST(ObjectDiff, ATouchThatOnlyMovesTimesIsNoChange)
{
    const Json before = Json::parse(R"({"updated_at": "t1", "shipments": [{"updated_at": "t1", "status": "ready"}]})");
    const Json after = Json::parse(R"({"updated_at": "t2", "shipments": [{"updated_at": "t2", "status": "ready"}]})");
    const Json diff = ObjectDiff::between(before, after);
    EXPECT_EQ(diff.size(), 2u);
    EXPECT_FALSE(ObjectDiff::changesMoreThanTimes(diff));
}

namespace {

using Resource = ListPage::Resource;
constexpr Resource everyResource[] = {Resource::Orders, Resource::Customers, Resource::Products};

std::vector<ListPage::Row> rowsOf(Resource resource, ApiVersion api, const char *body)
{
    Result<std::vector<ListPage::Row>> rows = ListPage::read(resource, api, QByteArray(body));
    EXPECT_TRUE(rows) << rows.error().message.toStdString();
    return rows ? std::move(rows).value() : std::vector<ListPage::Row>();
}

} // namespace

TEST(ListPage, EachApisPagesGiveTheirRowsKeysAndObjects)
{
    const auto orders = rowsOf(Resource::Orders, ApiVersion::V1, R"({"orders": [{"id": 17, "number": "R123456789",
        "updated_at": "2026-11-05T14:03:21.456Z", "state": "complete"}], "count": 1, "current_page": 1, "pages": 1})");
    ASSERT_EQ(orders.size(), 1u);
    EXPECT_EQ(orders[0].key, "R123456789");
    EXPECT_EQ(orders[0].updatedAt, "2026-11-05T14:03:21.456Z");
    EXPECT_EQ(orders[0].listed["id"], 17);
    EXPECT_EQ(ListPage::mapped(Resource::Orders, ApiVersion::V1, fixture("spree-v1-order.json")),
              OrderMapping::fromV1(fixture("spree-v1-order.json")));
    EXPECT_EQ(ListPage::mapped(Resource::Orders, ApiVersion::V3, fixture("spree-v3-order.json")),
              OrderMapping::fromV3(fixture("spree-v3-order.json")));

    const auto users = rowsOf(Resource::Customers, ApiVersion::V1, R"({"users": [{"id": 3,
        "email": "jane@example.com", "created_at": "2026-10-01T09:00:00.000Z",
        "updated_at": "2026-11-05T14:03:21.456Z"}], "count": 1})");
    ASSERT_EQ(users.size(), 1u);
    EXPECT_EQ(users[0].key, "3");
    EXPECT_EQ(ListPage::mapped(Resource::Customers, ApiVersion::V1, users[0].listed),
              Json::parse(R"({"id": 3, "email": "jane@example.com", "created_at": "2026-10-01T09:00:00.000Z",
                  "updated_at": "2026-11-05T14:03:21.456Z"})"));
    const auto customers = rowsOf(Resource::Customers, ApiVersion::V3, R"({"data": [{"id": "cus_8hJk2LmN4pQ7",
        "email": "jane@example.com", "first_name": "Jane", "last_name": "Doe",
        "updated_at": "2026-11-05T14:03:21.456Z"}], "meta": {"page": 1}})");
    ASSERT_EQ(customers.size(), 1u);
    EXPECT_EQ(customers[0].key, "cus_8hJk2LmN4pQ7");
    const Json customer = ListPage::mapped(Resource::Customers, ApiVersion::V3, customers[0].listed);
    EXPECT_EQ(customer["firstname"], "Jane");
    EXPECT_EQ(customer["lastname"], "Doe");

    const auto products = rowsOf(Resource::Products, ApiVersion::V1, R"({"products": [{"id": 4, "name": "Tote",
        "price": "19.99", "slug": "tote", "master": {"id": 8, "sku": "TOTE-1"}}], "count": 1})");
    ASSERT_EQ(products.size(), 1u);
    EXPECT_EQ(products[0].key, "4");
    EXPECT_EQ(products[0].updatedAt, "") << "API v1's products carry no updated_at";
    EXPECT_EQ(ListPage::mapped(Resource::Products, ApiVersion::V1, products[0].listed),
              Json::parse(R"({"id": 4, "name": "Tote", "sku": "TOTE-1", "slug": "tote", "price": 19.99})"));
    const auto v3Products = rowsOf(Resource::Products, ApiVersion::V3, R"({"data": [{"id": "prod_7uI9oP1aS3dF",
        "name": "Tote", "slug": "tote", "updated_at": "2026-11-02T10:00:00.000Z"}], "meta": {"page": 1}})");
    ASSERT_EQ(v3Products.size(), 1u);
    EXPECT_EQ(ListPage::mapped(Resource::Products, ApiVersion::V3, v3Products[0].listed)["updated_at"],
              "2026-11-02T10:00:00.000Z");
}

// corpus/list_page/crash-v1-product-master-a-string.json and crash-v1-product-master-null.json: the poller
// asked nlohmann/json for a value() of what was no object, which throws, and nothing caught it.
TEST(ListPage, AProductWhoseMasterIsNoObjectHasNoSku)
{
    for (const char *body : {R"({"products":[{"id":4,"name":"Tote","price":"19.99","master":"TOTE-1"}]})",
                             R"({"products":[{"id":4,"name":"Tote","price":"19.99","master":null}]})",
                             R"({"products":[{"id":4,"name":"Tote","price":"19.99","master":[]}]})"}) {
        const auto rows = rowsOf(Resource::Products, ApiVersion::V1, body);
        ASSERT_EQ(rows.size(), 1u) << body;
        EXPECT_EQ(rows[0].key, "4");
        Json product;
        ASSERT_NO_THROW(product = ListPage::mapped(Resource::Products, ApiVersion::V1, rows[0].listed)) << body;
        EXPECT_TRUE(product["sku"].is_null()) << body;
        EXPECT_EQ(product["name"], "Tote");
        EXPECT_EQ(product["price"], 19.99);
    }
}

// corpus/list_page/crash-page-an-array.json: the poller takes an array from the store as JSON, and looked a
// key up in it, which throws.
TEST(ListPage, APageThatIsNoObjectIsAnError)
{
    for (const Resource resource : everyResource) {
        for (const ApiVersion api : {ApiVersion::V1, ApiVersion::V3}) {
            const Result<std::vector<ListPage::Row>> array =
                ListPage::read(resource, api, QByteArray(R"([{"orders":[],"data":[]}])"));
            ASSERT_FALSE(array);
            EXPECT_TRUE(array.error().message.contains(QLatin1String("list is an array, not an object")))
                << array.error().message.toStdString();
            const Result<std::vector<ListPage::Row>> text = ListPage::read(resource, api, QByteArray("<html>"));
            ASSERT_FALSE(text);
            EXPECT_TRUE(text.error().message.contains(QLatin1String("is not JSON")));
            const Result<std::vector<ListPage::Row>> none =
                ListPage::read(resource, api, QByteArray(R"({"error": "You are not authorized."})"));
            ASSERT_FALSE(none);
            EXPECT_EQ(none.error().message, QStringLiteral("the store's %1 list has no %2")
                                                .arg(QLatin1String(StorePoller::resourceName(resource)),
                                                     QLatin1String(ListPage::rowsKey(resource, api))));
        }
    }
}

// corpus/list_page/rows-not-objects.json: a row that is no object, or names no object, is passed over (its key
// is empty), as the poller always did; mapping one anyway makes an object of nulls.
TEST(ListPage, RowsThatAreNoObjectsArePassedOver)
{
    const char *body = R"({"orders":[1,"R1",null,[],{"number":null},{"number":7}],"users":[true,{"id":{}}],
        "products":[{"id":1,"master":[]}],"data":[{},"x",{"id":"a","price":"nan"}]})";
    const auto orders = rowsOf(Resource::Orders, ApiVersion::V1, body);
    ASSERT_EQ(orders.size(), 6u);
    for (size_t i = 0; i < 5; ++i)
        EXPECT_EQ(orders[i].key, "") << i;
    EXPECT_EQ(orders[5].key, "7");
    const auto users = rowsOf(Resource::Customers, ApiVersion::V1, body);
    ASSERT_EQ(users.size(), 2u);
    EXPECT_EQ(users[0].key, "");
    EXPECT_EQ(users[1].key, "");
    for (const Resource resource : everyResource) {
        for (const ApiVersion api : {ApiVersion::V1, ApiVersion::V3}) {
            for (const ListPage::Row &row : rowsOf(resource, api, body)) {
                Json object;
                ASSERT_NO_THROW(object = ListPage::mapped(resource, api, row.listed)) << row.listed.dump();
                EXPECT_TRUE(object.is_object());
            }
        }
    }
}
