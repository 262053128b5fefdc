// The poller's pure parts: a Spree order of either API in the hub's shape, and what changed between two
// copies of an object.

#include "support/TestDatabase.h"

#include "core/Json.h"
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
