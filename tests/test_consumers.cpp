// Consumers against a real database: the two defaults on the fixture messages, each, identifiers across a
// restart, the depth limit with a consumer that feeds itself, a consumer edited while messages flow, what a
// consumer could not emit, the defaults of a new and of an upgraded database, and the rule's form.

#include "support/TestDatabase.h"
#include "support/WaitUntil.h"

#include "alerts/Alerts.h"
#include "config/DefaultConsumers.h"
#include "consume/ConsumerTrial.h"
#include "ingest/Ingest.h"
#include "storage/AlertStore.h"
#include "storage/ConfigStore.h"
#include "storage/ConsumerStore.h"
#include "storage/sqlite/Connection.h"
#include "storage/sqlite/Migrator.h"
#include "support/TestWriter.h"

#include <QSqlQuery>

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

using namespace engine;

namespace {

using test::fixture;

// A row of messages, as the tests read it back.
struct Stored {
    std::string id, type, state, source, parentId, reason;
    int depth = 0;
    Json payload;
};

class ConsumersTest : public ::testing::Test {
protected:
    void SetUp() override { start(); }
    void TearDown() override { stop(); }

    void start()
    {
        writer = std::make_unique<test::TestWriter>(db.path(), clock);
        ASSERT_TRUE(writer->start().ok());
        ingest = std::make_unique<Ingest>(*writer, clock);
    }
    void stop()
    {
        ingest.reset();
        if (writer)
            writer->stop();
        writer.reset();
    }

    // Store "main", endpoint "warehouse" taking everything, and these consumers only.
    void configure(std::vector<Consumer> consumers)
    {
        Configuration config = test::basicConfiguration();
        Subscription all;
        all.endpoint = QStringLiteral("warehouse");
        config.subscriptions = {all};
        config.consumers = std::move(consumers);
        Status s = writer->execute([&](WriteTransaction &tx) {
            return ConfigStore(tx.database(), tx.clock()).import(config, ConfigStore::ImportMode::Replace);
        });
        ASSERT_TRUE(s.ok()) << qPrintable(s.error().text());
    }

    Configuration configuration()
    {
        Result<Configuration> config = Configuration{};
        EXPECT_TRUE(writer
                        ->execute([&](WriteTransaction &tx) {
                            config = ConfigStore(tx.database(), tx.clock()).load();
                            return config ? Status{} : Status(config.error());
                        })
                        .ok());
        return config ? *config : Configuration{};
    }

    TakenMessage take(Json document)
    {
        Result<Message> m = Message::parse(std::move(document));
        EXPECT_TRUE(m.ok()) << (m ? "" : qPrintable(m.error().text()));
        auto taken = ingest->takeAndWait({IncomingMessage::from(*m, QStringLiteral("main"), "push")});
        EXPECT_TRUE(taken.ok()) << (taken ? "" : qPrintable(taken.error().text()));
        return taken && taken->size() == 1 ? taken->front() : TakenMessage{};
    }

    // Every message whose parent is `parentId`, in the order they were stored.
    std::vector<Stored> childrenOf(const std::string &parentId)
    {
        return rows(QStringLiteral("WHERE parent_id = '%1'").arg(toQString(parentId)));
    }
    std::vector<Stored> rows(const QString &where)
    {
        auto c = db.read();
        QSqlQuery q(c->database());
        EXPECT_TRUE(q.exec(QStringLiteral("SELECT id, type, state, source, parent_id, depth, payload, reason FROM "
                                          "messages ") +
                           where + QStringLiteral(" ORDER BY seq")));
        std::vector<Stored> out;
        while (q.next()) {
            out.push_back({q.value(0).toString().toStdString(), q.value(1).toString().toStdString(),
                           q.value(2).toString().toStdString(), q.value(3).toString().toStdString(),
                           q.value(4).toString().toStdString(), q.value(7).toString().toStdString(), q.value(5).toInt(),
                           Json::parse(q.value(6).toString().toStdString())});
        }
        return out;
    }
    int count(const QString &sql) { return db.scalar(sql).toInt(); }

    ManualClock clock{1'780'000'000'000};
    test::TestDatabase db;
    std::unique_ptr<test::TestWriter> writer;
    std::unique_ptr<Ingest> ingest;
};

Json orderWithShipments(const std::string &number, std::vector<std::pair<std::string, std::string>> shipments,
                        const char *status = "complete")
{
    Json doc = test::orderNewDocument();
    doc.erase("message_id");
    doc["payload"]["order"]["number"] = number;
    doc["payload"]["order"]["status"] = status;
    Json list = Json::array();
    for (const auto &[shipmentNumber, state] : shipments) {
        Json s = doc["payload"]["order"]["shipments"][0];
        s["number"] = shipmentNumber;
        s["status"] = state;
        list.push_back(s);
    }
    doc["payload"]["order"]["shipments"] = list;
    return doc;
}

Consumer consumer(const char *name, QStringList types, const char *emits)
{
    Consumer c;
    c.name = QLatin1String(name);
    c.messages = std::move(types);
    c.emits = QLatin1String(emits);
    return c;
}

} // namespace

TEST_F(ConsumersTest, ANewDatabaseHasTheTwoDefaultsOnAndNoNotice)
{
    const Configuration config = configuration();
    ASSERT_EQ(config.consumers.size(), 2u);
    for (const Consumer &c : DefaultConsumers::all()) {
        const Consumer *stored = config.consumer(c.name);
        ASSERT_NE(stored, nullptr) << qPrintable(c.name);
        Consumer expected = c;
        expected.id = stored->id;
        EXPECT_EQ(*stored, expected) << stored->toJson().dump();
        EXPECT_TRUE(stored->enabled);
    }
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM alerts WHERE kind = 'consumers_offered'")), 0);
}

TEST(ConsumerDefaults, AnUpgradedDatabaseIsOfferedThemTurnedOffWithANotice)
{
    SQLITE_ONLY("its migrations; PostgreSQL's are tested in test_postgres");
    test::TestDatabase db;
    {
        auto c = Connection::open(db.path(), Connection::Mode::Write);
        ASSERT_TRUE(c.ok());
        ASSERT_TRUE(Migrator::migrate(**c, 6).ok());
        ASSERT_TRUE((*c)->exec(QStringLiteral("INSERT INTO consumers (name, messages, emits, created_at) "
                                              "VALUES ('mine', '[\"order:new\"]', 'order:mine', 1)"))
                        .ok());
    }
    test::TestWriter writer(db.path());
    ASSERT_TRUE(writer.start().ok());
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT count(*) FROM consumers")).toInt(), 3);
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT count(*) FROM consumers WHERE enabled = 0 AND name IN "
                                       "('canceled-orders', 'shipment-ready')"))
                  .toInt(),
              2);
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT enabled FROM consumers WHERE name = 'mine'")).toInt(), 1);
    const QString notice =
        db.scalar(QStringLiteral("SELECT detail FROM alerts WHERE kind = 'consumers_offered' AND resolved_at IS NULL"))
            .toString();
    EXPECT_TRUE(notice.contains(QStringLiteral("canceled-orders")) && notice.contains(QStringLiteral("turned off")))
        << qPrintable(notice);

    // A notice is done once the owner has read it.
    const qint64 id = db.scalar(QStringLiteral("SELECT id FROM alerts WHERE kind = 'consumers_offered'")).toLongLong();
    ASSERT_TRUE(writer.execute([id](WriteTransaction &tx) { return AlertStore::acknowledge(tx, id, 5); }).ok());
    writer.stop();
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT resolved_at FROM alerts WHERE id = %1").arg(id)).toLongLong(), 5);
}

TEST_F(ConsumersTest, TheDefaultsOnTheFixtureMessages)
{
    configure(DefaultConsumers::all());

    // order-new.json: complete, with one ready shipment → one shipment:ready shaped as shipment-ready.json.
    const TakenMessage order = take(fixture("order-new.json"));
    ASSERT_EQ(order.outcome, TakenMessage::Outcome::Stored);
    std::vector<Stored> children = childrenOf(order.id);
    ASSERT_EQ(children.size(), 1u);
    const Stored &ready = children[0];
    EXPECT_EQ(ready.type, "shipment:ready");
    EXPECT_EQ(ready.source, "consumer:shipment-ready");
    EXPECT_EQ(ready.depth, 1);
    EXPECT_EQ(ready.state, "accepted") << "fanned out like any message";
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM deliveries WHERE parent_id = '%1'").arg(toQString(ready.id))),
              1);
    const Json expected = fixture("shipment-ready.json")["payload"]["shipment"];
    const Json &shipment = ready.payload["shipment"];
    ASSERT_TRUE(shipment.is_object()) << ready.payload.dump();
    EXPECT_EQ(shipment.size(), expected.size()) << shipment.dump();
    for (const auto &[key, value] : expected.items()) {
        ASSERT_TRUE(shipment.contains(key)) << key;
        if (key == "shipping_address") {
            for (const auto &[field, text] : value.items())
                EXPECT_EQ(shipment[key][field], text) << field;
        } else {
            EXPECT_EQ(nlohmann::json::parse(shipment[key].dump()), nlohmann::json::parse(value.dump())) << key;
        }
    }
    // The event on the shipment, by the consumer.
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT subject || ': ' || description FROM events WHERE reference_type = "
                                       "'shipment' AND reference_id = 'H12345678901' AND origin = "
                                       "'consumer:shipment-ready'"))
                  .toString(),
              QStringLiteral("shipment H12345678901 ready: shipment:ready emitted by shipment-ready"));

    // order-updated.json: the order is canceled → order:canceled with the same payload.
    const TakenMessage updated = take(fixture("order-updated.json"));
    children = childrenOf(updated.id);
    ASSERT_EQ(children.size(), 1u);
    EXPECT_EQ(children[0].type, "order:canceled");
    EXPECT_EQ(children[0].source, "consumer:canceled-orders");
    EXPECT_EQ(children[0].payload, fixture("order-updated.json")["payload"]);
    EXPECT_EQ(
        db.scalar(QStringLiteral("SELECT subject || ': ' || description FROM events WHERE reference_type = "
                                 "'order' AND reference_id = 'R123456789' AND origin = 'consumer:canceled-orders'"))
            .toString(),
        QStringLiteral("order R123456789 canceled: order:canceled emitted by canceled-orders"));

    // What each emitted is counted.
    auto c = db.read();
    Result<std::map<qint64, ConsumerStore::Count>> counts = ConsumerStore::counts(c->database());
    ASSERT_TRUE(counts.ok());
    const Configuration config = configuration();
    EXPECT_EQ((*counts)[config.consumer(QStringLiteral("shipment-ready"))->id].emitted, 1);
    EXPECT_EQ((*counts)[config.consumer(QStringLiteral("canceled-orders"))->id].emitted, 1);
    EXPECT_EQ((*counts)[config.consumer(QStringLiteral("canceled-orders"))->id].lastEmittedAtMs, clock.nowMs());
}

TEST_F(ConsumersTest, EachReadyShipmentOfAnOrderIsOneMessage)
{
    configure({DefaultConsumers::shipmentReady()});
    const TakenMessage order =
        take(orderWithShipments("R1", {{"H1", "ready"}, {"H2", "pending"}, {"H3", "ready"}, {"H4", "shipped"}}));
    const std::vector<Stored> children = childrenOf(order.id);
    ASSERT_EQ(children.size(), 2u);
    EXPECT_EQ(children[0].payload["shipment"]["number"], "H1");
    EXPECT_EQ(children[1].payload["shipment"]["number"], "H3");
    for (const Stored &s : children) {
        EXPECT_EQ(s.payload["shipment"]["order_number"], "R1");
        EXPECT_EQ(s.payload["shipment"]["email"], "jane@example.com");
    }
    ASSERT_EQ(order.derived.size(), 2u);
    EXPECT_EQ(order.derived[0].deliveries, 1);

    // An order without shipments, or none ready, emits nothing and says nothing.
    EXPECT_TRUE(childrenOf(take(orderWithShipments("R2", {{"H5", "pending"}})).id).empty());
    EXPECT_TRUE(childrenOf(take(orderWithShipments("R3", {})).id).empty());
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM events WHERE level = 'warn'")), 0);
}

TEST_F(ConsumersTest, TheSameIdentifiersAreNeverEmittedTwiceAcrossARestart)
{
    configure(DefaultConsumers::all());
    const TakenMessage first = take(orderWithShipments("R7", {{"H7", "ready"}}, "canceled"));
    EXPECT_EQ(childrenOf(first.id).size(), 2u) << "an order:canceled and a shipment:ready";

    stop();
    start();
    // The same order again, as a poller would see it after another change, and one more shipment ready.
    const TakenMessage again = take(orderWithShipments("R7", {{"H7", "ready"}, {"H8", "ready"}}, "canceled"));
    const std::vector<Stored> children = childrenOf(again.id);
    ASSERT_EQ(children.size(), 1u);
    EXPECT_EQ(children[0].payload["shipment"]["number"], "H8");
    int withheld = 0;
    for (const TakenMessage &d : again.derived)
        withheld += d.outcome == TakenMessage::Outcome::Withheld ? 1 : 0;
    EXPECT_EQ(withheld, 2);
}

TEST_F(ConsumersTest, AConsumerThatFeedsItselfStopsAtTheDepthLimitAndSaysWhy)
{
    configure({consumer("echo", {QStringLiteral("loop:ping")}, "loop:ping")});
    const TakenMessage first = take(Json{{"message", "loop:ping"}, {"payload", {{"n", 1}}}});
    ASSERT_EQ(first.outcome, TakenMessage::Outcome::Stored);
    const std::vector<Stored> all = rows(QStringLiteral("WHERE type = 'loop:ping'"));
    ASSERT_EQ(all.size(), 10u) << "depths 0 to 8 stored, 9 rejected";
    for (size_t i = 0; i < all.size(); ++i) {
        EXPECT_EQ(all[i].depth, int(i));
        if (i > 0) {
            EXPECT_EQ(all[i].parentId, all[i - 1].id);
        }
    }
    EXPECT_EQ(all.back().state, "rejected");
    EXPECT_NE(all.back().reason.find("more than the limit of 8"), std::string::npos) << all.back().reason;
    EXPECT_EQ(all[8].state, "accepted");
}

TEST_F(ConsumersTest, AConsumerThatCannotEmitSaysWhyOnTheMessagesObject)
{
    Consumer c = consumer("refunds", {QStringLiteral("order:*")}, "refund:new");
    c.payload = QStringLiteral("payload.order.refund");
    configure({c});
    const TakenMessage order = take(orderWithShipments("R9", {}));
    EXPECT_TRUE(childrenOf(order.id).empty());
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT subject || ': ' || description FROM events WHERE level = 'warn' AND "
                                       "reference_type = 'order' AND reference_id = 'R9'"))
                  .toString(),
              QStringLiteral("refunds emitted nothing: the message has nothing at payload.order.refund, the "
                             "payload to emit"));
}

TEST_F(ConsumersTest, AConsumerEditedWhileMessagesFlowChangesWhatTheNextMessagesEmit)
{
    configure({consumer("relay", {QStringLiteral("order:new")}, "relay:one")});
    std::atomic<bool> flowing{true};
    std::atomic<int> sent{0};
    std::thread sender([&] {
        while (flowing) {
            Json doc{{"message", "order:new"}, {"payload", {{"order", {{"number", "R" + std::to_string(sent)}}}}}};
            Result<Message> m = Message::parse(std::move(doc));
            if (!ingest->takeAndWait({IncomingMessage::from(*m, QStringLiteral("main"), "push")}))
                return;
            ++sent;
        }
    });
    ASSERT_TRUE(test::waitUntil([&] { return sent >= 20; }));
    Configuration config = configuration();
    Consumer edited = *config.consumer(QStringLiteral("relay"));
    edited.emits = QStringLiteral("relay:two");
    ASSERT_TRUE(
        writer
            ->execute([&](WriteTransaction &tx) { return ConfigStore(tx.database(), tx.clock()).saveConsumer(edited); })
            .ok());
    const int sentBeforeEdit = sent;
    ASSERT_TRUE(test::waitUntil([&] { return sent >= sentBeforeEdit + 20; }));
    flowing = false;
    sender.join();

    // Every order has exactly one child, of one type or the other; after the edit committed, only the new.
    const std::vector<Stored> orders = rows(QStringLiteral("WHERE type = 'order:new'"));
    ASSERT_EQ(int(orders.size()), sent.load());
    for (size_t i = 0; i < orders.size(); ++i) {
        const std::vector<Stored> children = childrenOf(orders[i].id);
        ASSERT_EQ(children.size(), 1u) << i;
        if (int(i) >= sentBeforeEdit + 1) {
            EXPECT_EQ(children[0].type, "relay:two") << i;
        }
    }
    EXPECT_EQ(childrenOf(orders.front().id)[0].type, "relay:one");
}

TEST(ConsumerRule, ReadsAndWritesItsJsonAndRefusesBadRulesNamingTheField)
{
    const Consumer shipmentReady = DefaultConsumers::shipmentReady();
    Result<Consumer> back = Consumer::fromJson(shipmentReady.toJson());
    ASSERT_TRUE(back.ok()) << qPrintable(back.error().text());
    EXPECT_EQ(*back, shipmentReady);

    const struct {
        const char *json;
        const char *field;
        const char *says;
    } bad[] = {
        {R"({"name":"c","messages":["order:new"],"emits":"a:b","filters":[{"path":"each.status","operator":"eq","value":1}]})",
         "filters[0].path", "each is not set"},
        {R"({"name":"c","messages":["order:new"],"emits":"a:b","each":"payload.order.shipments.*","filters":[{"path":"each","operator":"present"}]})",
         "filters[0].path", "each.status"},
        {R"({"name":"c","messages":["order:new"],"emits":"a:b","each":"payload.order.shipments"})", "each",
         "needs a *"},
        {R"({"name":"c","messages":["order:new"],"emits":"a:b","payload":"payload.order.shipments.*"})", "payload",
         "set each to it"},
        {R"({"name":"c","messages":["order:new"],"emits":"a:b","add":{"x":"a..b"}})", "add.x", "empty step"},
        {R"({"name":"c","messages":["order:new"],"emits":"a:b","identifiers":{"n":"each.number"}})", "identifiers.n",
         "each is not set"},
        {R"({"name":"c","messages":["order:new"],"emits":"a:b","as":"two words"})", "as", ""},
        {R"({"name":"c","messages":["order:new"],"emits":"a:b","each_path":"x"})", "each_path", ""},
    };
    for (const auto &c : bad) {
        Result<Consumer> parsed = Consumer::fromJson(Json::parse(c.json));
        Status status = parsed ? parsed->validate() : Status(parsed.error());
        ASSERT_FALSE(status.ok()) << c.json;
        EXPECT_EQ(status.error().field, QLatin1String(c.field))
            << c.json << " -> " << qPrintable(status.error().text());
        EXPECT_TRUE(status.error().message.contains(QLatin1String(c.says))) << qPrintable(status.error().text());
    }
}

TEST(ConsumerTrial, ShowsWhatWouldBeEmittedAndWhyNothingWas)
{
    const auto message = [](const char *name) { return Message::parse(fixture(name)).value(); };
    Result<ConsumerTrial> ready = ConsumerTrial::run(DefaultConsumers::shipmentReady(), message("order-new.json"));
    ASSERT_TRUE(ready.ok()) << qPrintable(ready.error().text());
    ASSERT_EQ(ready->emitted.size(), 1u);
    EXPECT_EQ(ready->emitted[0]["message"], "shipment:ready");
    EXPECT_EQ(ready->emitted[0]["identifiers"], Json::parse(R"({"shipment_number":"H12345678901"})"));

    Result<ConsumerTrial> other =
        ConsumerTrial::run(DefaultConsumers::canceledOrders(), message("shipment-ready.json"));
    ASSERT_TRUE(other.ok());
    EXPECT_TRUE(other->emitted.empty());
    ASSERT_EQ(other->problems.size(), 1u);
    EXPECT_TRUE(other->problems[0].contains(QStringLiteral("not one of the types"))) << qPrintable(other->problems[0]);

    Consumer broken = DefaultConsumers::canceledOrders();
    broken.emits = QStringLiteral("nope");
    Result<ConsumerTrial> badRule = ConsumerTrial::run(broken, message("order-new.json"));
    ASSERT_FALSE(badRule.ok());
    EXPECT_EQ(badRule.error().field, QStringLiteral("emits"));
}
