// The entry point and fan-out against a real database: type patterns, filters, stores, disabled parts,
// identifiers, idempotent ids, the depth limit, all-or-nothing per message, and the queries built on them.

#include "support/TestDatabase.h"

#include "ingest/Ingest.h"
#include "queues/QueueCounts.h"
#include "storage/ConfigStore.h"
#include "storage/DeliveryStore.h"
#include "support/TestWriter.h"

#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

#include <gtest/gtest.h>

#include <set>

using namespace engine;

namespace {

Subscription subscription(const char *endpoint, QStringList patterns)
{
    Subscription s;
    s.endpoint = QLatin1String(endpoint);
    s.messages = std::move(patterns);
    return s;
}

Endpoint endpoint(const char *name, EndpointState state = EndpointState::Active)
{
    Endpoint e;
    e.name = QLatin1String(name);
    e.url = QStringLiteral("http://127.0.0.1:9001");
    e.state = state;
    return e;
}

class FanOutTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(writer.start().ok());
        ingest = std::make_unique<Ingest>(writer, clock);
    }

    void configure(const Configuration &config)
    {
        Status s = writer.execute([&](WriteTransaction &tx) {
            return ConfigStore(tx.database(), tx.clock()).import(config, ConfigStore::ImportMode::Replace);
        });
        ASSERT_TRUE(s.ok()) << qPrintable(s.error().text());
    }

    // Two stores, endpoints a, b, c; subscriptions as given.
    void configure(std::vector<Subscription> subscriptions, std::vector<Endpoint> endpoints = {})
    {
        Configuration config = test::basicConfiguration();
        Store outlet = config.stores[0];
        outlet.id = QStringLiteral("outlet");
        config.stores.push_back(outlet);
        config.endpoints =
            endpoints.empty() ? std::vector<Endpoint>{endpoint("a"), endpoint("b"), endpoint("c")} : endpoints;
        config.subscriptions = std::move(subscriptions);
        configure(config);
    }

    static IncomingMessage message(const char *type, const char *payload, const char *store = "main", int depth = 0)
    {
        Result<Message> m = Message::create(type, Json::parse(payload));
        EXPECT_TRUE(m.ok());
        return IncomingMessage::from(*m, QLatin1String(store), "push", depth ? "5287b0e4a5f8f1c2d3000001" : "", depth);
    }

    std::vector<TakenMessage> take(std::vector<IncomingMessage> messages)
    {
        auto taken = ingest->takeAndWait(std::move(messages));
        EXPECT_TRUE(taken.ok()) << (taken.ok() ? "" : qPrintable(taken.error().text()));
        return taken.ok() ? *taken : std::vector<TakenMessage>{};
    }

    TakenMessage takeOne(IncomingMessage m)
    {
        auto taken = take({std::move(m)});
        EXPECT_EQ(taken.size(), 1u);
        return taken.empty() ? TakenMessage{} : taken[0];
    }

    // The endpoint names a message was copied to, in subscription order.
    QStringList copiedTo(const std::string &messageId)
    {
        auto c = db.read();
        QSqlQuery q(c->database());
        q.prepare(QStringLiteral("SELECT e.name FROM deliveries d JOIN endpoints e ON e.id = d.endpoint_id "
                                 "WHERE d.parent_id = ? ORDER BY d.subscription_id"));
        q.addBindValue(QString::fromStdString(messageId));
        EXPECT_TRUE(q.exec());
        QStringList names;
        while (q.next())
            names << q.value(0).toString();
        return names;
    }

    QString messageState(const std::string &id)
    {
        return db.scalar(QStringLiteral("SELECT state FROM messages WHERE id = '%1'").arg(QString::fromStdString(id)))
            .toString();
    }

    ManualClock clock{1'780'000'000'000};
    test::TestDatabase db;
    test::TestWriter writer{db.path(), clock};
    std::unique_ptr<Ingest> ingest;
};

} // namespace

TEST_F(FanOutTest, OneCopyPerMatchingSubscription)
{
    configure({subscription("a", {QStringLiteral("order:new")}), subscription("b", {QStringLiteral("order:*")}),
               subscription("c", {QStringLiteral("*")}), subscription("a", {QStringLiteral("shipment:ready")})});

    const TakenMessage order = takeOne(message("order:new", R"({"order":{"number":"R1"}})"));
    EXPECT_EQ(order.outcome, TakenMessage::Outcome::Stored);
    EXPECT_EQ(order.deliveries, 3);
    EXPECT_EQ(copiedTo(order.id), (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
    EXPECT_EQ(messageState(order.id), QStringLiteral("accepted"));

    EXPECT_EQ(copiedTo(takeOne(message("shipment:ready", "{}")).id),
              (QStringList{QStringLiteral("c"), QStringLiteral("a")}));
    EXPECT_EQ(copiedTo(takeOne(message("user:new", "{}")).id), QStringList{QStringLiteral("c")});

    // Each copy has its own id, points at its parent, and waits to be sent now.
    auto c = db.read();
    QSqlQuery q(c->database());
    q.prepare(
        QStringLiteral("SELECT id, parent_id, type, state, due_at, attempts FROM deliveries WHERE parent_id = ?"));
    q.addBindValue(QString::fromStdString(order.id));
    ASSERT_TRUE(q.exec());
    QSet<QString> ids;
    while (q.next()) {
        ids.insert(q.value(0).toString());
        EXPECT_NE(q.value(0).toString().toStdString(), order.id);
        EXPECT_EQ(q.value(0).toString().size(), 24);
        EXPECT_EQ(q.value(2).toString(), QStringLiteral("order:new"));
        EXPECT_EQ(q.value(3).toString(), QStringLiteral("pending"));
        EXPECT_EQ(q.value(4).toLongLong(), clock.nowMs());
        EXPECT_EQ(q.value(5).toInt(), 0);
    }
    EXPECT_EQ(ids.size(), 3);
}

TEST_F(FanOutTest, FiltersDecide)
{
    Subscription complete = subscription("a", {QStringLiteral("order:*")});
    complete.filters = {FilterRule{"payload.order.status", "eq", "complete"}};
    Subscription bigOrUs = subscription("b", {QStringLiteral("order:*")});
    bigOrUs.match = MatchRule::Any;
    bigOrUs.filters = {FilterRule{"payload.order.total", "gt", 100}, FilterRule{"payload.order.country", "eq", "US"}};
    configure({complete, bigOrUs});

    EXPECT_EQ(copiedTo(takeOne(message("order:new", R"({"order":{"status":"complete","total":"12.00"}})")).id),
              QStringList{QStringLiteral("a")});
    EXPECT_EQ(copiedTo(takeOne(message("order:new", R"({"order":{"status":"cart","total":"120.00"}})")).id),
              QStringList{QStringLiteral("b")});
    EXPECT_EQ(copiedTo(takeOne(message("order:new", R"({"order":{"status":"complete","country":"US"}})")).id),
              (QStringList{QStringLiteral("a"), QStringLiteral("b")}));

    const TakenMessage none = takeOne(message("order:new", R"({"order":{"status":"cart"}})"));
    EXPECT_EQ(none.deliveries, 0);
    EXPECT_EQ(messageState(none.id), QStringLiteral("skipped"));
    EXPECT_TRUE(none.reason.isEmpty()) << "no reason: nothing took it";
}

TEST_F(FanOutTest, StoresDisabledPartsAndPausedEndpoints)
{
    Subscription outletOnly = subscription("a", {QStringLiteral("*")});
    outletOnly.store = QStringLiteral("outlet");
    Subscription off = subscription("b", {QStringLiteral("*")});
    off.enabled = false;
    configure(
        {outletOnly, off, subscription("c", {QStringLiteral("*")}), subscription("d", {QStringLiteral("*")})},
        {endpoint("a"), endpoint("b"), endpoint("c", EndpointState::Disabled), endpoint("d", EndpointState::Paused)});

    EXPECT_EQ(copiedTo(takeOne(message("order:new", "{}", "main")).id), QStringList{QStringLiteral("d")})
        << "a paused endpoint still gets copies, which wait; a disabled one gets none";
    EXPECT_EQ(copiedTo(takeOne(message("order:new", "{}", "outlet")).id),
              (QStringList{QStringLiteral("a"), QStringLiteral("d")}));
}

TEST_F(FanOutTest, IdentifiersAreNotDeliveredTwice)
{
    Subscription once = subscription("a", {QStringLiteral("order:*")});
    once.identifiers = {Identifier{QStringLiteral("order_number"), QStringLiteral("payload.order.number")}};
    configure({once, subscription("b", {QStringLiteral("order:*")})});

    const TakenMessage first = takeOne(message("order:new", R"({"order":{"number":"R1","status":"complete"}})"));
    const TakenMessage again = takeOne(message("order:updated", R"({"order":{"number":"R1","status":"shipped"}})"));
    const TakenMessage other = takeOne(message("order:new", R"({"order":{"number":"R2"}})"));
    const TakenMessage unnamed = takeOne(message("order:new", R"({"order":{"status":"cart"}})"));
    EXPECT_EQ(copiedTo(first.id), (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
    EXPECT_EQ(copiedTo(again.id), QStringList{QStringLiteral("b")}) << "b has no identifiers, so it gets every one";
    EXPECT_EQ(copiedTo(other.id), (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
    EXPECT_EQ(copiedTo(unnamed.id), (QStringList{QStringLiteral("a"), QStringLiteral("b")}))
        << "a message without the identifier cannot be told apart, so it is not held back";

    // The skipped copy is recorded with the delivery that had the identifiers first.
    const QString original =
        db.scalar(QStringLiteral("SELECT id FROM deliveries WHERE parent_id = '%1' AND endpoint_id = "
                                 "(SELECT id FROM endpoints WHERE name = 'a')")
                      .arg(QString::fromStdString(first.id)))
            .toString();
    auto c = db.read();
    QSqlQuery q(c->database());
    ASSERT_TRUE(
        q.exec(QStringLiteral("SELECT message_id, identifiers, original_delivery_id FROM duplicate_deliveries")));
    ASSERT_TRUE(q.next());
    EXPECT_EQ(q.value(0).toString().toStdString(), again.id);
    EXPECT_EQ(q.value(1).toString(), QStringLiteral(R"({"order_number":"R1"})"));
    EXPECT_EQ(q.value(2).toString(), original);
    EXPECT_FALSE(q.next());
}

TEST_F(FanOutTest, WhenEveryCopyIsADuplicateTheMessageIsSkippedWithTheReason)
{
    Subscription once = subscription("a", {QStringLiteral("shipment:*")});
    once.identifiers = {Identifier{QStringLiteral("shipment"), QStringLiteral("payload.shipment.number")},
                        Identifier{QStringLiteral("items"), QStringLiteral("payload.shipment.items.*.sku")}};
    configure({once});
    const char *payload = R"({"shipment":{"number":"H1","items":[{"sku":"A"},{"sku":"B"}]}})";
    EXPECT_EQ(takeOne(message("shipment:ready", payload)).deliveries, 1);
    const TakenMessage repeat = takeOne(message("shipment:ready", payload));
    EXPECT_EQ(repeat.deliveries, 0);
    EXPECT_EQ(messageState(repeat.id), QStringLiteral("skipped"));
    EXPECT_TRUE(repeat.reason.contains(QStringLiteral("identifiers delivered already"))) << qPrintable(repeat.reason);
    EXPECT_EQ(
        db.scalar(QStringLiteral("SELECT reason FROM messages WHERE id = '%1'").arg(QString::fromStdString(repeat.id)))
            .toString(),
        repeat.reason);
    EXPECT_EQ(takeOne(message("shipment:ready", R"({"shipment":{"number":"H1","items":[{"sku":"A"}]}})")).deliveries, 1)
        << "different wildcard values make a different key";
}

TEST_F(FanOutTest, AMessageIdTheHubHasIsNotStoredAgain)
{
    configure({subscription("a", {QStringLiteral("*")})});
    IncomingMessage m = message("order:new", R"({"n":1})");
    const std::string id = m.id;
    EXPECT_EQ(takeOne(m).outcome, TakenMessage::Outcome::Stored);
    const TakenMessage again = takeOne(m);
    EXPECT_EQ(again.outcome, TakenMessage::Outcome::AlreadyTaken);
    EXPECT_EQ(again.id, id);
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT count(*) FROM messages")).toInt(), 1);
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT count(*) FROM deliveries")).toInt(), 1);

    // Twice within one batch, too.
    IncomingMessage twin = message("order:new", R"({"n":2})");
    auto taken = take({twin, twin});
    ASSERT_EQ(taken.size(), 2u);
    EXPECT_EQ(taken[0].outcome, TakenMessage::Outcome::Stored);
    EXPECT_EQ(taken[1].outcome, TakenMessage::Outcome::AlreadyTaken);
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT count(*) FROM deliveries")).toInt(), 2);
}

TEST_F(FanOutTest, MessagesPastTheDepthLimitAreRejected)
{
    configure({subscription("a", {QStringLiteral("*")})});
    const TakenMessage deep = takeOne(message("order:canceled", "{}", "main", 9));
    EXPECT_EQ(deep.outcome, TakenMessage::Outcome::Rejected);
    EXPECT_EQ(deep.deliveries, 0);
    EXPECT_EQ(messageState(deep.id), QStringLiteral("rejected"));
    EXPECT_TRUE(deep.reason.contains(QStringLiteral("limit of 8"))) << qPrintable(deep.reason);
    const TakenMessage atLimit = takeOne(message("order:canceled", "{}", "main", 8));
    EXPECT_EQ(atLimit.outcome, TakenMessage::Outcome::Stored);
    EXPECT_EQ(atLimit.deliveries, 1);
    EXPECT_EQ(
        db.scalar(QStringLiteral("SELECT depth FROM messages WHERE id = '%1'").arg(QString::fromStdString(atLimit.id)))
            .toInt(),
        8);
    EXPECT_EQ(
        db.scalar(
              QStringLiteral("SELECT parent_id FROM messages WHERE id = '%1'").arg(QString::fromStdString(atLimit.id)))
            .toString(),
        QStringLiteral("5287b0e4a5f8f1c2d3000001"));
}

TEST_F(FanOutTest, ConfigurationChangesApplyToTheNextMessage)
{
    configure({subscription("a", {QStringLiteral("*")})});
    EXPECT_EQ(takeOne(message("order:new", "{}")).deliveries, 1);
    configure({subscription("a", {QStringLiteral("*")}), subscription("b", {QStringLiteral("order:*")})});
    EXPECT_EQ(takeOne(message("order:new", "{}")).deliveries, 2);
}

TEST_F(FanOutTest, AMessageIsStoredWithAllItsCopiesOrNotAtAll)
{
    configure({subscription("a", {QStringLiteral("*")}), subscription("b", {QStringLiteral("*")})});
    // Make the second copy's insert fail, as a full disk or a crash mid-way would.
    ASSERT_TRUE(writer
                    .execute([](WriteTransaction &tx) {
                        return tx.exec(test::TestDatabase::failingTrigger(
                            QStringLiteral("fail_b"), QStringLiteral("BEFORE INSERT"), QStringLiteral("deliveries"),
                            QStringLiteral("NEW.endpoint_id = (SELECT id FROM endpoints WHERE name = 'b')"),
                            QStringLiteral("disk on fire")));
                    })
                    .ok());
    IncomingMessage doomed = message("order:new", "{}");
    auto result = ingest->takeAndWait({doomed});
    ASSERT_FALSE(result.ok());
    EXPECT_TRUE(result.error().message.contains(QStringLiteral("disk on fire"))) << qPrintable(result.error().message);
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT count(*) FROM messages")).toInt(), 0);
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT count(*) FROM deliveries")).toInt(), 0);
}

TEST_F(FanOutTest, QueueCountsAndTheCopiesOfAMessage)
{
    configure({subscription("a", {QStringLiteral("order:*")}), subscription("b", {QStringLiteral("*")})});
    const TakenMessage first = takeOne(message("order:new", "{}"));
    clock.advance(1000);
    takeOne(message("user:new", "{}"));
    takeOne(message("order:updated", "{}"));
    takeOne(message("stock:change", "{}", "outlet"));
    // One delivery parked and one archived, as the dispatcher will leave them.
    ASSERT_TRUE(writer
                    .execute([&](WriteTransaction &tx) {
                        QSqlQuery q(tx.database());
                        q.prepare(
                            QStringLiteral("UPDATE deliveries SET state = CASE subscription_id WHEN "
                                           "(SELECT min(id) FROM subscriptions) THEN 'parked' ELSE 'archived' END, "
                                           "due_at = NULL WHERE parent_id = ?"));
                        q.addBindValue(QString::fromStdString(first.id));
                        return q.exec() ? Status{} : Status(Error{q.lastError().text()});
                    })
                    .ok());

    auto c = db.read();
    QueueCounts counts;
    ASSERT_TRUE(counts.load(c->database()).ok());
    EXPECT_EQ(counts.counts(QueueCounts::Queue::Incoming)[QStringLiteral("accepted")], 4);
    EXPECT_EQ(counts.counts(QueueCounts::Queue::Accepted)[QStringLiteral("pending")], 4);
    EXPECT_EQ(counts.counts(QueueCounts::Queue::Accepted)[QStringLiteral("parked")], 1);
    EXPECT_EQ(counts.counts(QueueCounts::Queue::Accepted)[QStringLiteral("archived")], 1);
    EXPECT_EQ(counts.counts(QueueCounts::Queue::Accepted, QStringLiteral("outlet"))[QStringLiteral("pending")], 1);
    EXPECT_EQ(counts.counts(QueueCounts::Queue::Accepted, QStringLiteral("main"))[QStringLiteral("pending")], 3);

    Result<std::vector<Delivery>> copies = DeliveryStore::copiesOf(c->database(), first.id);
    ASSERT_TRUE(copies.ok());
    ASSERT_EQ(copies->size(), 2u);
    for (const Delivery &d : *copies)
        EXPECT_EQ(d.parentId, first.id);
    std::multiset<DeliveryState> states{copies->at(0).state, copies->at(1).state};
    EXPECT_EQ(states, (std::multiset<DeliveryState>{DeliveryState::Parked, DeliveryState::Archived}));
    EXPECT_TRUE(DeliveryStore::copiesOf(c->database(), "000000000000000000000000")->empty());
}

TEST_F(FanOutTest, ExtraKeysAndSourceAreKept)
{
    configure({subscription("a", {QStringLiteral("*")})});
    Result<Message> m = Message::parse(Json::parse(R"({"message":"order:new","payload":{"b":1,"a":2},"trace":"t-1"})"));
    ASSERT_TRUE(m.ok());
    const TakenMessage taken = takeOne(IncomingMessage::from(*m, QStringLiteral("main"), "consumer:canceled-orders"));
    auto c = db.read();
    QSqlQuery q(c->database());
    ASSERT_TRUE(q.exec(QStringLiteral("SELECT payload, extra, source, store_id, received_at FROM messages")));
    ASSERT_TRUE(q.next());
    EXPECT_EQ(q.value(0).toString(), QStringLiteral(R"({"b":1,"a":2})")) << "keys in the sender's order";
    EXPECT_EQ(q.value(1).toString(), QStringLiteral(R"({"trace":"t-1"})"));
    EXPECT_EQ(q.value(2).toString(), QStringLiteral("consumer:canceled-orders"));
    EXPECT_EQ(q.value(3).toString(), QStringLiteral("main"));
    EXPECT_EQ(q.value(4).toLongLong(), clock.nowMs());
}
