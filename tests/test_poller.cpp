// The poller against the simulated Spree store, over real HTTP, into a real database: for both APIs each
// change gives exactly one message (ties at a page boundary included), carts are left out, `since` now and a
// date, the diff of an order:updated, a touch that changes nothing, finding the API, and the heartbeat's
// alert raised with its reason and resolved.

#include "support/TestDatabase.h"
#include "support/WaitUntil.h"

#include "Engine.h"
#include "alerts/Alerts.h"
#include "ingest/Ingest.h"
#include "poll/ApiCheck.h"
#include "poll/StorePoller.h"
#include "simstore/SimulatedStore.h"
#include "storage/ConfigStore.h"
#include "storage/ReadConnection.h"
#include "support/TestWriter.h"

#include <gtest/gtest.h>

using namespace engine;
using sim::SimulatedStore;

namespace {

const QString v1Key = QStringLiteral("spree-v1-token");
const QString v3Key = QStringLiteral("sk_4Fq8Zr2Tn6Yw1Vb9Kc3Hm7Xp");

// A hub's database with the basic configuration, its writer, ingest and a read connection: what a poller
// works with.
struct PollingHub {
    bool open()
    {
        if (!writer.start().ok())
            return false;
        if (!writer
                 .execute([](WriteTransaction &tx) {
                     return ConfigStore(tx.database(), tx.clock()).apply(test::basicConfiguration());
                 })
                 .ok())
            return false;
        Result<std::unique_ptr<ReadConnection>> opened = openReadConnection(db.path());
        if (!opened)
            return false;
        reads = std::move(opened).value();
        return true;
    }

    test::TestDatabase db;
    test::TestWriter writer{db.path()};
    Ingest ingest{writer, Clock::system()};
    std::unique_ptr<ReadConnection> reads;
};

class Polling : public ::testing::TestWithParam<ApiVersion>, protected PollingHub {
protected:
    void SetUp() override { ASSERT_TRUE(open()); }

    SimulatedStore::Options storeOptions() const
    {
        SimulatedStore::Options o;
        o.v1Key = v1Key;
        o.v3Key = v3Key;
        o.orders = 10;
        return o;
    }

    Store store(const SimulatedStore &simulated, QString since = QStringLiteral("now")) const
    {
        Store s = test::basicConfiguration().stores.front();
        s.apiUrl = simulated.url();
        s.apiVersion = GetParam();
        s.apiKey = GetParam() == ApiVersion::V3 ? v3Key : v1Key;
        s.poll.since = std::move(since);
        return s;
    }

    std::unique_ptr<StorePoller> poller(const Store &s, int perPage = 100)
    {
        StorePoller::Options o;
        o.perPage = perPage;
        return std::make_unique<StorePoller>(s, writer, ingest, *reads, Clock::system(), o);
    }

    int messages(const char *type) const
    {
        return db
            .scalar(QStringLiteral("SELECT count(*) FROM messages WHERE type = '%1' AND source = 'poller:main'")
                        .arg(QLatin1String(type)))
            .toInt();
    }

    Json lastPayload(const char *type) const
    {
        return Json::parse(db.scalar(QStringLiteral("SELECT payload FROM messages WHERE type = '%1' ORDER BY seq DESC "
                                                    "LIMIT 1")
                                         .arg(QLatin1String(type)))
                               .toString()
                               .toStdString());
    }
};

} // namespace

TEST_P(Polling, SinceNowOnlyWhatChangesAfterwardsBecomesAMessageAndOnlyOnce)
{
    SimulatedStore simulated(storeOptions());
    ASSERT_TRUE(simulated.start().ok());
    auto p = poller(store(simulated));
    StorePoller::Report first = p->pollOrders();
    EXPECT_TRUE(first.error.isEmpty()) << qPrintable(first.error);
    EXPECT_EQ(messages("order:new"), 0) << "the store's history is not news";

    const std::vector<int> placed = simulated.catalogue().placeOrders(3);
    simulated.catalogue().addCart(); // carts are not orders to the hub
    StorePoller::Report second = p->pollOrders();
    EXPECT_TRUE(second.error.isEmpty()) << qPrintable(second.error);
    EXPECT_EQ(messages("order:new"), 3);
    const Json payload = lastPayload("order:new");
    EXPECT_EQ(payload["order"]["number"], simulated.catalogue().orderById(placed.back())->number);
    EXPECT_EQ(payload["order"]["status"], "complete");
    EXPECT_TRUE(payload["original"].is_object());

    EXPECT_TRUE(p->pollOrders().error.isEmpty());
    EXPECT_EQ(messages("order:new"), 3) << "nothing twice";
}

TEST_P(Polling, AChangeIsAnOrderUpdatedWithItsDiffAndATouchIsNothing)
{
    SimulatedStore simulated(storeOptions());
    ASSERT_TRUE(simulated.start().ok());
    auto p = poller(store(simulated));
    ASSERT_TRUE(p->pollOrders().error.isEmpty());
    const int id = simulated.catalogue().placeOrders(1).front();
    ASSERT_TRUE(p->pollOrders().error.isEmpty());
    ASSERT_EQ(messages("order:new"), 1);

    ASSERT_TRUE(simulated.catalogue().pay(id));
    ASSERT_TRUE(p->pollOrders().error.isEmpty());
    ASSERT_EQ(messages("order:updated"), 1);
    const Json updated = lastPayload("order:updated");
    EXPECT_EQ(updated["diff"]["payments.0.status"], Json::array({"checkout", "completed"}));
    EXPECT_EQ(updated["previous"]["payments"][0]["status"], "checkout");
    EXPECT_EQ(updated["order"]["payments"][0]["status"], "completed");

    // Both are events on the order: first seen, then changed with the diff in a line.
    const QString number = QString::fromStdString(updated["order"]["number"].get<std::string>());
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT %1(subject || ': ' || description, ' | ') FROM (SELECT * "
                                       "FROM events WHERE reference_type = 'order' AND reference_id = '%2' AND "
                                       "origin = 'poller:main' ORDER BY id) AS e")
                            .arg(test::TestDatabase::joinAggregate(), number))
                  .toString()
                  .toStdString(),
              QStringLiteral("order %1 first seen: in the store's API | order %1 changed: payments.0.status: checkout "
                             "\u2192 completed; totals.payment: %2 \u2192 %3")
                  .arg(number, QString::fromStdString(updated["diff"]["totals.payment"][0].dump()),
                       QString::fromStdString(updated["diff"]["totals.payment"][1].dump()))
                  .toStdString());

    ASSERT_TRUE(simulated.catalogue().touch(id));
    ASSERT_TRUE(p->pollOrders().error.isEmpty());
    EXPECT_EQ(messages("order:updated"), 1) << "only its updated_at moved";
}

TEST_P(Polling, ManyOrdersInOneMillisecondAcrossAPageBoundaryAreEachTakenOnce)
{
    SimulatedStore simulated(storeOptions());
    ASSERT_TRUE(simulated.start().ok());
    auto p = poller(store(simulated), 10);
    ASSERT_TRUE(p->pollOrders().error.isEmpty());
    simulated.catalogue().placeOrders(25, true);
    StorePoller::Report report = p->pollOrders();
    EXPECT_TRUE(report.error.isEmpty()) << qPrintable(report.error);
    EXPECT_EQ(messages("order:new"), 25);
    EXPECT_EQ(
        db.scalar(QStringLiteral("SELECT count(DISTINCT %1) FROM messages WHERE type = 'order:new'")
                      .arg(test::TestDatabase::jsonText(QStringLiteral("payload"), QStringLiteral("order.number"))))
            .toInt(),
        25);
    ASSERT_TRUE(p->pollOrders().error.isEmpty());
    EXPECT_EQ(messages("order:new"), 25);
}

TEST_P(Polling, ADateTakesTheStoresHistoryFromThen)
{
    SimulatedStore simulated(storeOptions());
    simulated.catalogue().addCart();
    ASSERT_TRUE(simulated.start().ok());
    auto p = poller(store(simulated, QStringLiteral("2000-01-01T00:00:00Z")), 4);
    ASSERT_TRUE(p->pollOrders().error.isEmpty());
    EXPECT_EQ(messages("order:new"), 10) << "every placed order, not the cart";
}

TEST_P(Polling, EachFailureSaysWhyAndEnoughOfThemRaiseAnAlertTheNextSuccessResolves)
{
    SimulatedStore simulated(storeOptions());
    ASSERT_TRUE(simulated.start().ok());
    auto p = poller(store(simulated));
    ASSERT_TRUE(p->pollOrders().error.isEmpty());
    const auto openAlert = [this] {
        return db
            .scalar(QStringLiteral("SELECT detail FROM alerts WHERE kind = 'store_unreachable' AND "
                                   "subject = 'main' AND resolved_at IS NULL"))
            .toString();
    };
    struct Case {
        SimulatedStore::Mode mode;
        const char *says;
    };
    // API v1 has no scopes: its stores answer a key that may not read with 401.
    const char *forbidden = GetParam() == ApiVersion::V3 ? "lacks the scope read_orders" : "API key is wrong";
    for (const Case &c :
         {Case{SimulatedStore::Mode::Down, "not reachable"},
          Case{SimulatedStore::Mode::Unauthorized, "API key is wrong"},
          Case{SimulatedStore::Mode::Forbidden, forbidden}, Case{SimulatedStore::Mode::RateLimited, "rate limiting"},
          Case{SimulatedStore::Mode::Error500, "answered 500"},
          Case{SimulatedStore::Mode::Html, "not the Spree API"}}) {
        simulated.setMode(c.mode);
        for (int i = 0; i < 3; ++i)
            EXPECT_TRUE(p->pollOrders().error.contains(QLatin1String(c.says)));
        EXPECT_TRUE(openAlert().contains(QLatin1String(c.says))) << qPrintable(openAlert());
        simulated.setMode(SimulatedStore::Mode::Normal);
        EXPECT_TRUE(p->pollOrders().error.isEmpty());
        EXPECT_TRUE(openAlert().isEmpty()) << "resolved by the next success";
    }
    // Each raise and each resolve is an event on the store (the same one again counts another occurrence).
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT sum(occurrences) FROM events WHERE origin = 'poller:main'")).toInt(),
              12);
}

TEST_P(Polling, ARateLimitPutsTheNextPollOffAsTheStoreSays)
{
    SimulatedStore simulated(storeOptions());
    ASSERT_TRUE(simulated.start().ok());
    auto p = poller(store(simulated));
    ASSERT_TRUE(p->pollOrders().error.isEmpty());
    simulated.setMode(SimulatedStore::Mode::RateLimited); // Retry-After: 1
    const qint64 before = Clock::system().nowMs();
    StorePoller::Report limited = p->pollOrders();
    EXPECT_TRUE(limited.error.contains(QLatin1String("rate limiting"))) << qPrintable(limited.error);
    EXPECT_GE(limited.retryAtMs, before + 1'000);
}

TEST_P(Polling, CustomersAndProductsBecomeUserAndProductMessages)
{
    SimulatedStore simulated(storeOptions());
    ASSERT_TRUE(simulated.start().ok());
    auto p = poller(store(simulated, QStringLiteral("2000-01-01T00:00:00Z")), 7);
    using R = StorePoller::Resource;
    ASSERT_TRUE(p->poll(R::Customers).error.isEmpty());
    EXPECT_EQ(messages("user:new"), 20);
    EXPECT_FALSE(lastPayload("user:new")["user"]["email"].get<std::string>().empty());
    ASSERT_TRUE(p->poll(R::Products).error.isEmpty());
    EXPECT_EQ(messages("product:new"), 10);

    ASSERT_TRUE(simulated.catalogue().reprice(3, 1234));
    ASSERT_TRUE(p->poll(R::Products).error.isEmpty());
    ASSERT_EQ(messages("product:updated"), 1);
    EXPECT_EQ(lastPayload("product:updated")["diff"]["price"][1], 12.34);
    ASSERT_TRUE(p->poll(R::Products).error.isEmpty());
    ASSERT_TRUE(p->poll(R::Customers).error.isEmpty());
    EXPECT_EQ(messages("product:updated"), 1) << "nothing twice";
    EXPECT_EQ(messages("user:new"), 20);
}

TEST_P(Polling, ProductsFromNowAreLearnedFirstAndTheirChangesAreNews)
{
    SimulatedStore simulated(storeOptions());
    ASSERT_TRUE(simulated.start().ok());
    auto p = poller(store(simulated), 4);
    ASSERT_TRUE(p->poll(StorePoller::Resource::Products).error.isEmpty());
    EXPECT_EQ(messages("product:new"), 0) << "the catalogue as it was is not news";
    ASSERT_TRUE(simulated.catalogue().reprice(9, 4321));
    ASSERT_TRUE(p->poll(StorePoller::Resource::Products).error.isEmpty());
    // API v1's products were all read on the first pass, so the change is an update; the Admin API's were
    // taken from their newest change on, so this one is seen for the first time.
    EXPECT_EQ(messages(GetParam() == ApiVersion::V1 ? "product:updated" : "product:new"), 1);
}

TEST_P(Polling, ThePaceStopsAPollShortAndTheNextGoesOnWhereItStopped)
{
    SimulatedStore simulated(storeOptions());
    ASSERT_TRUE(simulated.start().ok());
    Store s = store(simulated, QStringLiteral("2000-01-01T00:00:00Z"));
    s.poll.requestsPerMinute = 6; // finding the API, a page and a few orders
    ManualClock clock(Clock::system().nowMs());
    StorePoller::Options o;
    StorePoller p(s, writer, ingest, *reads, clock, o);
    StorePoller::Report first = p.pollOrders();
    EXPECT_TRUE(first.error.isEmpty()) << "the pace is not the store failing: " << qPrintable(first.error);
    EXPECT_GT(first.retryAtMs, clock.nowMs()) << "put off until the minute is over";
    const int taken = messages("order:new");
    EXPECT_LT(taken, 10);
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT count(*) FROM alerts")).toInt(), 0);
    // A minute later, and as many as it takes, the rest: every order once.
    for (int minute = 0; minute < 10 && messages("order:new") < 10; ++minute) {
        clock.advance(60'000);
        p.pollOrders();
    }
    EXPECT_EQ(messages("order:new"), 10);
}

INSTANTIATE_TEST_SUITE_P(BothApis, Polling, ::testing::Values(ApiVersion::V1, ApiVersion::V3),
                         [](const ::testing::TestParamInfo<ApiVersion> &info) {
                             return std::string(info.param == ApiVersion::V3 ? "AdminApiV3" : "ApiV1");
                         });

TEST(PollingBackfill, AHundredThousandOrdersStreamPageByPageInFlatMemory)
{
    PollingHub hub;
    ASSERT_TRUE(hub.open());
    auto &[db, writer, ingest, reads] = hub;
    SimulatedStore::Options o;
    o.v1Key = v1Key;
    o.orders = 0;
    SimulatedStore simulated(o);
    // Fewer on PostgreSQL, whose round trips make a hundred thousand take minutes on a CI machine, and under
    // the sanitizers, which make each order cost several times as much: the paging this checks is the
    // poller's, the same on either backend, and a hundred pages show it as well as a thousand.
#ifdef INTEGRATOR_SANITIZED
    const bool slow = true;
#else
    const bool slow = test::TestDatabase::onPostgres();
#endif
    const int orders = slow ? 10'000 : 100'000;
    simulated.catalogue().placeOrders(orders);
    ASSERT_TRUE(simulated.start().ok());
    Store s = test::basicConfiguration().stores.front();
    s.apiUrl = simulated.url();
    s.apiKey = v1Key;
    s.apiVersion = ApiVersion::V1;
    s.poll.since = QStringLiteral("2000-01-01T00:00:00Z");
    s.poll.requestsPerMinute = 1'000'000; // unpaced, so that the test takes the backlog in one poll
    StorePoller p(s, writer, ingest, *reads, Clock::system(), {});
    const StorePoller::Report report = p.pollOrders();
    EXPECT_TRUE(report.error.isEmpty()) << qPrintable(report.error);
    EXPECT_EQ(report.messages, orders);
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT count(*) FROM messages WHERE type = 'order:new'")).toInt(), orders);
    // One page at a time: at most a page of orders held, and what they weigh, however long the backlog.
    EXPECT_LE(report.mostHeldObjects, 100);
    EXPECT_LT(report.mostHeldBytes, 100 * 16 * 1024) << report.mostHeldBytes;
}

TEST(PollingApi, AutoFindsWhichApiTheStoreOffers)
{
    PollingHub hub;
    ASSERT_TRUE(hub.open());
    auto &[db, writer, ingest, reads] = hub;
    for (ApiVersion offered : {ApiVersion::V1, ApiVersion::V3}) {
        SimulatedStore::Options o;
        (offered == ApiVersion::V3 ? o.v3Key : o.v1Key) = offered == ApiVersion::V3 ? v3Key : v1Key;
        SimulatedStore simulated(o);
        ASSERT_TRUE(simulated.start().ok());
        Store s = test::basicConfiguration().stores.front();
        s.apiUrl = simulated.url();
        s.apiKey = offered == ApiVersion::V3 ? v3Key : v1Key;
        StorePoller p(s, writer, ingest, *reads, Clock::system(), {});
        EXPECT_TRUE(p.pollOrders().error.isEmpty());
        EXPECT_EQ(p.api(), offered);
        EXPECT_EQ(db.scalar(QStringLiteral("SELECT api_version_found FROM store_heartbeats WHERE store_id = 'main'"))
                      .toString(),
                  QString::fromLatin1(apiVersionName(offered)));
    }
}

TEST(PollingEngine, ARunningEnginePollsAStoreWithAnApiAndItsOrdersBecomeMessages)
{
    test::TestDatabase db;
    SimulatedStore::Options o;
    o.v1Key = v1Key;
    o.orders = 5;
    SimulatedStore simulated(o);
    ASSERT_TRUE(simulated.start().ok());
    Configuration config = test::basicConfiguration();
    config.stores.front().apiUrl = simulated.url();
    config.stores.front().apiKey = v1Key;
    config.stores.front().poll.ordersS = 5; // the least allowed; "Poll now" below does not wait for it

    Engine engine({.databasePath = db.path(), .createDefaultStore = false, .poll = Poller::Options{}});
    ASSERT_TRUE(engine.start().ok());
    ASSERT_TRUE(engine.writer()
                    .execute([&](WriteTransaction &tx) { return ConfigStore(tx.database(), tx.clock()).apply(config); })
                    .ok());
    // Once the first poll has set the cursor, an order placed now is news.
    ASSERT_TRUE(test::waitUntil([&] {
        return db.scalar(QStringLiteral("SELECT count(*) FROM poll_cursors WHERE store_id = 'main' AND resource = "
                                        "'orders'"))
                   .toInt() == 1;
    }));
    simulated.catalogue().placeOrders(2);
    engine.poller()->pollNow(QStringLiteral("main"));
    EXPECT_TRUE(test::waitUntil([&] {
        return db.scalar(QStringLiteral("SELECT count(*) FROM messages WHERE type = 'order:new'")).toInt() == 2;
    }));
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT state FROM store_heartbeats WHERE store_id = 'main'")).toString(),
              QStringLiteral("ok"));
    engine.stop();
}

TEST(PollingApi, TestConnectionSaysWhichApiAndWhichScopesAreMissing)
{
    SimulatedStore::Options o;
    o.v1Key = v1Key;
    o.v3Key = v3Key;
    o.v3Scopes = {QStringLiteral("read_orders")};
    SimulatedStore simulated(o);
    ASSERT_TRUE(simulated.start().ok());
    Store s = test::basicConfiguration().stores.front();
    s.apiUrl = simulated.url();
    s.apiKey = v3Key;
    Result<ApiCheck::Found> v3 = ApiCheck::run(s);
    ASSERT_TRUE(v3.ok()) << qPrintable(v3.error().text());
    EXPECT_EQ(v3->version, ApiVersion::V3);
    EXPECT_EQ(v3->missing, (QStringList{QStringLiteral("read_customers"), QStringLiteral("read_products")}));

    s.apiKey = v1Key;
    Result<ApiCheck::Found> v1 = ApiCheck::run(s);
    ASSERT_TRUE(v1.ok()) << qPrintable(v1.error().text());
    EXPECT_EQ(v1->version, ApiVersion::V1);

    s.apiKey = QStringLiteral("wrong");
    Result<ApiCheck::Found> wrong = ApiCheck::run(s);
    ASSERT_FALSE(wrong.ok());
    EXPECT_TRUE(wrong.error().message.contains(QLatin1String("API key is wrong"))) << qPrintable(wrong.error().message);
}
