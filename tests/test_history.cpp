// Objects' histories against a real database: what each message is about, the timeline of an order (its
// messages with their copies, its events from consumers, endpoints' notifications and the owner, newest
// first, paged), events from alerts on their endpoint or store, the objects of messages kept from before,
// and suggestions as the owner types.

#include "support/TestDatabase.h"

#include "config/DefaultConsumers.h"
#include "ingest/Ingest.h"
#include "message/MessageObjects.h"
#include "storage/AlertStore.h"
#include "storage/ConfigStore.h"
#include "storage/EventStore.h"
#include "storage/History.h"
#include "storage/sqlite/Connection.h"
#include "storage/sqlite/Migrator.h"
#include "support/TestWriter.h"

#include <gtest/gtest.h>

using namespace engine;

namespace {

using test::fixture;

class HistoryTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(writer.start().ok());
        Configuration config = test::basicConfiguration();
        Subscription all;
        all.endpoint = QStringLiteral("warehouse");
        config.subscriptions = {all};
        config.consumers = DefaultConsumers::all();
        ASSERT_TRUE(
            writer
                .execute([&](WriteTransaction &tx) {
                    return ConfigStore(tx.database(), tx.clock()).import(config, ConfigStore::ImportMode::Replace);
                })
                .ok());
    }
    void TearDown() override { writer.stop(); }

    std::string take(Json document)
    {
        Result<Message> m = Message::parse(std::move(document));
        EXPECT_TRUE(m.ok());
        EXPECT_TRUE(ingest.takeAndWait({IncomingMessage::from(*m, QStringLiteral("main"), "push")}).ok());
        clock.advance(1000);
        return m->id();
    }

    std::vector<History::Entry> timeline(const char *type, const char *id, qint64 before = 0, int limit = 200)
    {
        auto c = db.read();
        Result<std::vector<History::Entry>> t =
            History::timeline(c->database(), QLatin1String(type), QLatin1String(id), before, limit);
        EXPECT_TRUE(t.ok()) << (t ? "" : qPrintable(t.error().text()));
        return t ? *t : std::vector<History::Entry>{};
    }

    ManualClock clock{1'780'000'000'000};
    test::TestDatabase db;
    test::TestWriter writer{db.path(), clock};
    Ingest ingest{writer, clock};
};

} // namespace

TEST(MessageObjects, EachKindOfMessageIsAboutItsObjects)
{
    const auto objects = [](const char *type, const char *payload) { return objectsOf(type, payload); };
    EXPECT_EQ(objects("order:new", R"({"order":{"number":"R1","email":"a@b"}})"),
              (std::vector<ObjectRef>{{"order", "R1"}}));
    EXPECT_EQ(objects("cart:updated", R"({"order":{"number":"R2"}})"), (std::vector<ObjectRef>{{"order", "R2"}}));
    EXPECT_EQ(objects("shipment:ready", R"({"shipment":{"number":"H1","order_number":"R1"}})"),
              (std::vector<ObjectRef>{{"shipment", "H1"}, {"order", "R1"}}));
    EXPECT_EQ(objects("product:updated", R"({"product":{"id":8,"sku":"TOTE-1"}})"),
              (std::vector<ObjectRef>{{"product", "TOTE-1"}}));
    EXPECT_EQ(objects("product:new", R"({"product":{"id":8,"sku":""}})"), (std::vector<ObjectRef>{{"product", "8"}}));
    EXPECT_EQ(objects("stock:change", R"({"stock":{"sku":"TOTE-1","count":3}})"),
              (std::vector<ObjectRef>{{"product", "TOTE-1"}}));
    EXPECT_EQ(objects("customer:new", R"({"customer":{"email":"jane@example.com"}})"),
              (std::vector<ObjectRef>{{"user", "jane@example.com"}}));
    EXPECT_EQ(objects("user:new", R"({"user":{"email":"jane@example.com"}})"),
              (std::vector<ObjectRef>{{"user", "jane@example.com"}}));
    // Nothing known, or not where it belongs.
    EXPECT_TRUE(objects("order:new", R"({"number":"R1"})").empty());
    EXPECT_TRUE(objects("order:new", R"({"order":{"number":{"x":1}}})").empty());
    EXPECT_TRUE(objects("order:new", R"({"order":"R1"})").empty());
    EXPECT_TRUE(objects("ping:sent", R"({"order":{"number":"R1"}})").empty());
    // The fixtures.
    for (const char *name : {"order-new.json", "order-updated.json"})
        EXPECT_EQ(objectsOf(fixture(name)["message"].get<std::string>(), fixture(name)["payload"].dump()),
                  (std::vector<ObjectRef>{{"order", "R123456789"}}))
            << name;
    EXPECT_EQ(objectsOf("shipment:ready", fixture("shipment-ready.json")["payload"].dump()),
              (std::vector<ObjectRef>{{"shipment", "H12345678901"}, {"order", "R123456789"}}));
}

TEST_F(HistoryTest, AnOrdersTimelineHasItsMessagesTheirCopiesAndItsEventsNewestFirst)
{
    const std::string placed = take(fixture("order-new.json"));       // derives a shipment:ready
    const std::string canceled = take(fixture("order-updated.json")); // derives an order:canceled
    take(Json{{"message", "order:new"}, {"payload", {{"order", {{"number", "R999"}, {"status", "complete"}}}}}});
    ASSERT_TRUE(writer
                    .execute([&](WriteTransaction &tx) {
                        Event note;
                        note.origin = QStringLiteral("owner");
                        note.subject = QStringLiteral("Note");
                        note.description = QStringLiteral("Called the customer");
                        note.referenceType = QStringLiteral("order");
                        note.referenceId = QStringLiteral("R123456789");
                        return EventStore::record(tx, note, clock.nowMs());
                    })
                    .ok());

    const std::vector<History::Entry> t = timeline("order", "R123456789");
    std::vector<std::string> messages;
    std::vector<QString> events;
    for (size_t i = 1; i < t.size(); ++i)
        EXPECT_GE(t[i - 1].atMs, t[i].atMs) << "newest first";
    for (const History::Entry &e : t) {
        if (e.kind == History::Entry::Kind::Message) {
            messages.push_back(e.type.toStdString());
            ASSERT_EQ(e.copies.size(), 1u) << e.type.toStdString();
            EXPECT_EQ(e.copies[0].endpoint, QStringLiteral("warehouse"));
            EXPECT_EQ(e.copies[0].state, QStringLiteral("pending"));
        } else {
            events.push_back(e.subject);
        }
    }
    // The shipment:ready is about the order too; R999 is not in it.
    EXPECT_EQ(messages, (std::vector<std::string>{"order:canceled", "order:updated", "shipment:ready", "order:new"}));
    EXPECT_EQ(events, (std::vector<QString>{QStringLiteral("Note"), QStringLiteral("order R123456789 canceled")}));
    EXPECT_EQ(t.front().description, QStringLiteral("Called the customer"));

    // The shipment's own history: its message and the event that it was emitted.
    const std::vector<History::Entry> shipment = timeline("shipment", "H12345678901");
    ASSERT_EQ(shipment.size(), 2u);
    EXPECT_EQ(shipment[0].kind, History::Entry::Kind::Event);
    EXPECT_EQ(shipment[1].type, QStringLiteral("shipment:ready"));

    // Paged: two, and the others of the second one's millisecond, then the rest from before it.
    const std::vector<History::Entry> first = timeline("order", "R123456789", 0, 2);
    ASSERT_EQ(first.size(), 4u) << "the note, and the event and the two messages of one millisecond";
    const std::vector<History::Entry> rest = timeline("order", "R123456789", first.back().atMs, 200);
    EXPECT_EQ(first.size() + rest.size(), t.size());
    EXPECT_TRUE(timeline("order", "R000").empty());
}

TEST_F(HistoryTest, ObjectsAreSuggestedByTheStartOfTheirId)
{
    take(fixture("order-new.json"));
    take(Json{{"message", "user:new"}, {"payload", {{"user", {{"email", "ray@example.com"}}}}}});
    take(Json{{"message", "product:updated"}, {"payload", {{"product", {{"sku", "TOTE-1"}, {"id", 8}}}}}});
    auto c = db.read();
    const auto suggest = [&](const char *prefix) {
        return History::suggest(c->database(), QLatin1String(prefix)).value();
    };
    EXPECT_EQ(suggest("R1234"),
              (std::vector<std::pair<QString, QString>>{{QStringLiteral("order"), QStringLiteral("R123456789")}}));
    EXPECT_EQ(suggest("H1"),
              (std::vector<std::pair<QString, QString>>{{QStringLiteral("shipment"), QStringLiteral("H12345678901")}}));
    EXPECT_EQ(suggest("ray"),
              (std::vector<std::pair<QString, QString>>{{QStringLiteral("user"), QStringLiteral("ray@example.com")}}));
    EXPECT_EQ(suggest("TOTE"),
              (std::vector<std::pair<QString, QString>>{{QStringLiteral("product"), QStringLiteral("TOTE-1")}}));
    EXPECT_TRUE(suggest("Z").empty());
    EXPECT_TRUE(suggest("").empty());
}

TEST_F(HistoryTest, AlertsRaisedAndResolvedAreEventsOnTheirEndpointOrStore)
{
    ASSERT_TRUE(writer
                    .execute([&](WriteTransaction &tx) {
                        for (int i = 0; i < 3; ++i) { // raised once, however often it is raised again
                            if (Status ok = AlertStore::raise(tx, QStringLiteral("endpoint_failing"),
                                                              QStringLiteral("warehouse"), QStringLiteral("HTTP 500"),
                                                              clock.nowMs());
                                !ok)
                                return ok;
                        }
                        return AlertStore::resolve(tx, QStringLiteral("endpoint_failing"), QStringLiteral("warehouse"),
                                                   clock.nowMs() + 5);
                    })
                    .ok());
    const std::vector<History::Entry> t = timeline("endpoint", "warehouse");
    ASSERT_EQ(t.size(), 2u);
    EXPECT_EQ(t[0].subject, QStringLiteral("Alert resolved: endpoint failing (warehouse)"));
    EXPECT_EQ(t[1].subject, QStringLiteral("Alert raised: endpoint failing (warehouse)"));
    EXPECT_EQ(t[1].description, QStringLiteral("HTTP 500"));
    EXPECT_EQ(t[1].level, QStringLiteral("warn"));

    auto c = db.read();
    EventStore::Query warnings;
    warnings.level = QStringLiteral("warn");
    Result<std::vector<EventStore::StoredEvent>> listed = EventStore::list(c->database(), warnings);
    ASSERT_TRUE(listed.ok());
    ASSERT_EQ(listed->size(), 1u);
    EXPECT_EQ(listed->front().event.referenceId, QStringLiteral("warehouse"));
    warnings.level = QStringLiteral("loud");
    EXPECT_EQ(EventStore::list(c->database(), warnings).error().field, QStringLiteral("level"));
}

TEST(HistoryMigration, MessagesKeptFromBeforeAreFiledUnderTheirObjects)
{
    SQLITE_ONLY("its migrations; PostgreSQL's are tested in test_postgres");
    test::TestDatabase db;
    {
        auto c = Connection::open(db.path(), Connection::Mode::Write);
        ASSERT_TRUE(c.ok());
        ASSERT_TRUE(Migrator::migrate(**c, 7).ok());
        ASSERT_TRUE(
            (*c)->exec(QStringLiteral("INSERT INTO messages (id, type, state, source, received_at, payload) VALUES "
                                      "('m1', 'order:new', 'skipped', 'push', 1, '{\"order\":{\"number\":\"R1\"}}'), "
                                      "('m2', 'shipment:ready', 'skipped', 'push', 2, "
                                      "'{\"shipment\":{\"number\":\"H1\",\"order_number\":\"R1\"}}'), "
                                      "('m3', 'product:new', 'skipped', 'push', 3, '{\"product\":{\"id\":8}}'), "
                                      "('m4', 'ping:sent', 'skipped', 'push', 4, '{\"order\":{\"number\":\"R1\"}}')"))
                .ok());
        ASSERT_TRUE(Migrator::migrate(**c).ok());
    }
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT group_concat(message_id || '=' || object_type || ':' || object_id, ' ') "
                                       "FROM (SELECT * FROM message_objects ORDER BY message_id, object_type)"))
                  .toString(),
              QStringLiteral("m1=order:R1 m2=order:R1 m2=shipment:H1 m3=product:8"));
}
