// The simulated Spree store over real HTTP: both APIs' authentication, lists, filters, paging and errors as
// ../shared/spree-api/ describes them, v3's scopes and rate limit, the switches, and orders that change.

#include "support/HttpClient.h"

#include "core/Json.h"
#include "simstore/SimulatedStore.h"

#include <QUrl>

#include <gtest/gtest.h>

#include <set>

using namespace engine;
using namespace engine::sim;
using test::HttpClient;
using test::HttpResponse;

namespace {

const QByteArray v1Key = "spree-v1-token";
const QByteArray v3Key = "sk_4Fq8Zr2Tn6Yw1Vb9Kc3Hm7Xp";

SimulatedStore::Options options()
{
    SimulatedStore::Options o;
    o.v1Key = QString::fromLatin1(v1Key);
    o.v3Key = QString::fromLatin1(v3Key);
    o.orders = 30;
    return o;
}

Json json(const HttpResponse &r)
{
    return Json::parse(r.body.toStdString(), nullptr, false);
}

HttpResponse v1(quint16 port, const QByteArray &pathAndQuery, const QByteArray &key = v1Key)
{
    HttpClient client(port);
    return client.get("/api/v1" + pathAndQuery,
                      key.isEmpty() ? QList<QByteArray>{} : QList<QByteArray>{"X-Spree-Token: " + key});
}

HttpResponse v3(quint16 port, const QByteArray &pathAndQuery, const QByteArray &key = v3Key)
{
    HttpClient client(port);
    return client.get("/api/v3/admin" + pathAndQuery, {"X-Spree-Api-Key: " + key});
}

QByteArray encoded(const char *text)
{
    return QUrl::toPercentEncoding(QString::fromUtf8(text));
}

} // namespace

TEST(SimulatedStore, ApiV1AsksForItsTokenInTheHeaderOrTheQuery)
{
    SimulatedStore store(options());
    ASSERT_TRUE(store.start().ok());
    HttpResponse none = v1(store.port(), "/orders", "");
    EXPECT_EQ(none.status, 401);
    EXPECT_EQ(json(none)["error"], "You must specify an API key.");
    HttpResponse wrong = v1(store.port(), "/orders", "nope");
    EXPECT_EQ(wrong.status, 401);
    EXPECT_EQ(json(wrong)["error"], "Invalid API key (nope) specified.");
    HttpClient client(store.port());
    EXPECT_EQ(client.get("/api/v1/orders?token=" + v1Key, {}).status, 200);
}

TEST(SimulatedStore, ApiV1ListsPlacedOrdersOldestChangeFirstPageByPage)
{
    SimulatedStore store(options());
    store.catalogue().addCart(); // a cart is an order too, but not a placed one
    ASSERT_TRUE(store.start().ok());
    const QByteArray placed = "/orders?q[completed_at_not_null]=1&q[s]=" + encoded("updated_at asc") + "&per_page=20";
    HttpResponse first = v1(store.port(), placed + "&page=1");
    ASSERT_EQ(first.status, 200);
    const Json page1 = json(first);
    EXPECT_EQ(page1["count"], 20);
    EXPECT_EQ(page1["pages"], 2);
    EXPECT_EQ(page1["current_page"], 1);
    const Json page2 = json(v1(store.port(), placed + "&page=2"));
    EXPECT_EQ(page2["count"], 10);
    std::vector<std::string> times;
    for (const Json *page : {&page1, &page2}) {
        for (const Json &o : (*page)["orders"]) {
            EXPECT_EQ(o["state"], "complete");
            times.push_back(o["updated_at"].get<std::string>());
        }
    }
    EXPECT_TRUE(std::is_sorted(times.begin(), times.end()));
    // With carts: one more; and a filter Ransack does not allow changes nothing, silently.
    EXPECT_EQ(json(v1(store.port(), "/orders?per_page=100"))["count"], 31);
    EXPECT_EQ(json(v1(store.port(), "/orders?per_page=100&q[shipment_state_foo]=x"))["count"], 31);

    // Changed since a time: only what moved at or after it.
    const qint64 mark = store.catalogue().orderById(30)->updatedAt + 1;
    store.catalogue().touch(3);
    const Json since = json(
        v1(store.port(), "/orders?q[completed_at_not_null]=1&q[updated_at_gteq]=" + encoded(isoTime(mark).c_str())));
    ASSERT_EQ(since["orders"].size(), 1u);
    EXPECT_EQ(since["orders"][0]["number"], store.catalogue().orderById(3)->number);
}

TEST(SimulatedStore, ApiV1ShowsOneOrderInFullByItsNumber)
{
    SimulatedStore store(options());
    ASSERT_TRUE(store.start().ok());
    const Order o = *store.catalogue().orderById(4);
    const Json order = json(v1(store.port(), "/orders/" + QByteArray::fromStdString(o.number)));
    EXPECT_EQ(order["number"], o.number);
    EXPECT_EQ(order["email"], o.email);
    EXPECT_EQ(order["line_items"].size(), o.items.size());
    EXPECT_EQ(order["shipments"][0]["number"], o.shipmentNumber);
    EXPECT_EQ(order["shipments"][0]["order_id"], o.number);
    EXPECT_EQ(order["total"], money(o.totalCents()));
    EXPECT_TRUE(order["bill_address"].is_object());
    EXPECT_EQ(v1(store.port(), "/orders/R000000000").status, 404);
    // Users and products, the way v1 lists them: products carry no updated_at.
    EXPECT_EQ(json(v1(store.port(), "/users?per_page=5"))["users"].size(), 5u);
    const Json products = json(v1(store.port(), "/products"));
    EXPECT_FALSE(products["products"][0].contains("updated_at"));
    EXPECT_FALSE(products["products"][0]["master"]["sku"].get<std::string>().empty());
}

TEST(SimulatedStore, AdminApiKeysHaveScopes)
{
    SimulatedStore::Options o = options();
    o.v3Scopes = {QStringLiteral("read_orders")};
    SimulatedStore store(o);
    ASSERT_TRUE(store.start().ok());
    HttpResponse current = v3(store.port(), "/api_keys/current");
    ASSERT_EQ(current.status, 200);
    EXPECT_EQ(json(current)["scopes"], Json::array({"read_orders"}));
    HttpResponse bad = v3(store.port(), "/api_keys/current", "sk_wrong");
    EXPECT_EQ(bad.status, 401);
    EXPECT_EQ(json(bad)["error"]["code"], "invalid_token");
    HttpResponse denied = v3(store.port(), "/customers");
    EXPECT_EQ(denied.status, 403);
    EXPECT_EQ(json(denied)["error"]["details"]["required_scope"], "read_customers");
    EXPECT_EQ(v3(store.port(), "/orders").status, 200);
}

TEST(SimulatedStore, AdminApiListsInItsEnvelopeAndExpandsOnRequest)
{
    SimulatedStore store(options());
    ASSERT_TRUE(store.start().ok());
    const Json list = json(v3(store.port(), "/orders?q[completed_at_not_null]=1&sort=updated_at&limit=500&page=1"));
    EXPECT_EQ(list["meta"]["limit"], 100) << "at most 100";
    EXPECT_EQ(list["meta"]["count"], 30);
    EXPECT_EQ(list["data"].size(), 30u);
    const Json small = json(v3(store.port(), "/orders?limit=7&page=2"));
    EXPECT_EQ(small["meta"]["pages"], 5);
    EXPECT_EQ(small["meta"]["from"], 8);
    EXPECT_EQ(small["meta"]["next"], 3);

    const std::string id = list["data"][0]["id"].get<std::string>();
    EXPECT_EQ(id.rfind("or_", 0), 0u);
    const Json bare = json(v3(store.port(), "/orders/" + QByteArray::fromStdString(id)));
    EXPECT_TRUE(bare["items"][0].is_string()) << "ids only unless expanded";
    const Json full =
        json(v3(store.port(), "/orders/" + QByteArray::fromStdString(id) +
                                  "?expand=items,fulfillments,payments,billing_address,shipping_address"));
    EXPECT_EQ(full["number"], list["data"][0]["number"]);
    EXPECT_TRUE(full["items"][0].is_object());
    EXPECT_TRUE(full["fulfillments"][0]["number"].is_string());
    EXPECT_EQ(full["billing_address"]["country_iso"], "US");
    EXPECT_EQ(v3(store.port(), "/orders/or_nothinghere1").status, 404);
}

TEST(SimulatedStore, AdminApiRateLimitAnswers429WithRetryAfter)
{
    SimulatedStore::Options o = options();
    o.rateLimitPerMinute = 3;
    SimulatedStore store(o);
    ASSERT_TRUE(store.start().ok());
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(v3(store.port(), "/orders").status, 200);
    HttpResponse limited = v3(store.port(), "/orders");
    EXPECT_EQ(limited.status, 429);
    EXPECT_EQ(json(limited)["error"]["code"], "rate_limit_exceeded");
    EXPECT_GE(limited.header("Retry-After").toInt(), 1);
    EXPECT_EQ(v1(store.port(), "/orders").status, 200) << "API v1 has no such limit";
}

TEST(SimulatedStore, SwitchesMakeItFailDownOrHtmlAndBackToNormal)
{
    SimulatedStore store(options());
    ASSERT_TRUE(store.start().ok());
    store.setMode(SimulatedStore::Mode::Error500);
    EXPECT_EQ(v1(store.port(), "/orders").status, 500);
    store.setMode(SimulatedStore::Mode::Unauthorized);
    EXPECT_EQ(v3(store.port(), "/orders").status, 401);
    store.setMode(SimulatedStore::Mode::Forbidden);
    EXPECT_EQ(v3(store.port(), "/orders").status, 403);
    store.setMode(SimulatedStore::Mode::RateLimited);
    EXPECT_EQ(v3(store.port(), "/orders").header("Retry-After"), "1");
    store.setMode(SimulatedStore::Mode::Html);
    HttpResponse html = v1(store.port(), "/orders");
    EXPECT_TRUE(html.header("Content-Type").startsWith("text/html"));
    EXPECT_TRUE(json(html).is_discarded());

    store.setMode(SimulatedStore::Mode::Down);
    EXPECT_FALSE(HttpClient(store.port()).isConnected());
    store.setMode(SimulatedStore::Mode::Slow, 0, 50);
    EXPECT_EQ(v1(store.port(), "/orders").status, 200) << "up again on the same port, answering later";
    store.setMode(SimulatedStore::Mode::Normal);
    EXPECT_EQ(v1(store.port(), "/orders").status, 200);
}

TEST(SimulatedStore, TheControlRoutePlacesOrdersInOneMillisecondAndSwitchesModes)
{
    SimulatedStore store(options());
    ASSERT_TRUE(store.start().ok());
    HttpClient client(store.port());
    HttpResponse placed = client.post("/__simulator", R"({"place": 5, "same_millisecond": true})", {});
    ASSERT_EQ(placed.status, 200);
    EXPECT_EQ(json(placed)["orders"], 35);
    std::set<qint64> times;
    for (int id = 31; id <= 35; ++id)
        times.insert(store.catalogue().orderById(id)->updatedAt);
    EXPECT_EQ(times.size(), 1u);

    EXPECT_EQ(client.post("/__simulator", R"({"mode": "sideways"})", {}).status, 400);
    EXPECT_EQ(client.post("/__simulator", R"({"mode": "500"})", {}).status, 200);
    EXPECT_EQ(store.mode(), SimulatedStore::Mode::Error500);
    EXPECT_EQ(v1(store.port(), "/orders").status, 500);
}

TEST(SimulatedStore, OrdersMoveOnAndTheirChangesShowInTheList)
{
    ManualClock clock(1'790'000'000'000);
    SimulatedStore::Options o = options();
    o.orders = 0;
    SimulatedStore store(o, clock);
    ASSERT_TRUE(store.start().ok());
    const int id = store.catalogue().placeOrders(1).front();
    clock.advance(1'000);
    EXPECT_TRUE(store.catalogue().pay(id));
    EXPECT_FALSE(store.catalogue().ship(id)) << "not ready yet";
    clock.advance(1'000);
    EXPECT_TRUE(store.catalogue().makeReady(id));
    clock.advance(1'000);
    EXPECT_TRUE(store.catalogue().ship(id));
    const Json list = json(v1(store.port(), "/orders?q[updated_at_gt]=" + encoded(isoTime(clock.nowMs() - 1).c_str())));
    ASSERT_EQ(list["orders"].size(), 1u);
    EXPECT_EQ(list["orders"][0]["shipment_state"], "shipped");
    EXPECT_EQ(list["orders"][0]["payment_state"], "paid");
    EXPECT_EQ(list["orders"][0]["updated_at"], isoTime(clock.nowMs()));
}
