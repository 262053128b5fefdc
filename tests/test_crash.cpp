// Crash safety: a child process takes messages while the test kills it with SIGKILL at random moments.
// After every kill the database must hold each acknowledged message, and every message it holds must have
// all its deliveries and the message a consumer derives from it, with all of its own: nothing acknowledged
// is lost and nothing is half fanned out. And an engine killed while
// it polls a store takes every change of the store exactly once when it starts again.

#include "support/FreePort.h"
#include "support/Headless.h"
#include "support/HttpClient.h"
#include "support/TestDatabase.h"

#include "simstore/SimulatedStore.h"
#include "storage/ConfigStore.h"
#include "storage/CopyRange.h"
#include "support/TestWriter.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QSqlQuery>
#include <QTcpServer>

#include <gtest/gtest.h>

#include <csignal>
#include <random>
#include <set>
#include <thread>

using namespace engine;

TEST(CrashSafety, KilledWhileTakingMessagesLosesNothingAcknowledged)
{
    test::TestDatabase db;
    {
        Configuration config = test::basicConfiguration();
        for (const char *name : {"erp", "mailer"}) {
            Endpoint e = config.endpoints[0];
            e.name = QLatin1String(name);
            config.endpoints.push_back(e);
        }
        for (const Endpoint &e : config.endpoints) {
            Subscription s;
            s.endpoint = e.name;
            s.messages = {QStringLiteral("order:*")};
            config.subscriptions.push_back(s);
        }
        // A consumer: each order:new derives an order:relayed, which the subscriptions copy three times too.
        Consumer relay;
        relay.name = QStringLiteral("relay");
        relay.messages = {QStringLiteral("order:new")};
        relay.emits = QStringLiteral("order:relayed");
        config.consumers = {relay};
        ASSERT_TRUE(test::replaceConfiguration(db.path(), config).ok());
    }

    std::mt19937 random(20261126);
    std::set<std::string> acknowledged;
    constexpr int rounds = 20;
    int roundsWithUnacknowledged = 0;
    for (int round = 0; round < rounds; ++round) {
        QProcess child;
        child.setProcessChannelMode(QProcess::SeparateChannels);
        child.start(QStringLiteral(INGEST_CHILD), {db.path(), QString::number(round)});
        ASSERT_TRUE(child.waitForStarted(10000));
        QByteArray output;
        QElapsedTimer timer;
        timer.start();
        while (!output.contains("ready\n") && timer.elapsed() < 20000) {
            child.waitForReadyRead(100);
            output += child.readAllStandardOutput();
        }
        ASSERT_TRUE(output.contains("ready\n")) << child.readAllStandardError().constData();

        // Once it has taken its first messages, let it work for a random while more, then kill it without
        // warning. (Waiting for the first: a fresh engine's first commits may take a while on a loaded
        // machine, and a kill before any would test nothing.)
        timer.restart();
        while (!output.contains("ack ") && timer.elapsed() < 20000) {
            child.waitForReadyRead(5);
            output += child.readAllStandardOutput();
        }
        ASSERT_TRUE(output.contains("ack ")) << "the child took nothing in 20 s";
        const int workMs = 30 + int(random() % 300);
        timer.restart();
        while (timer.elapsed() < workMs) {
            child.waitForReadyRead(5);
            output += child.readAllStandardOutput();
        }
        ::kill(pid_t(child.processId()), SIGKILL);
        child.waitForFinished(10000);
        output += child.readAllStandardOutput();

        for (const QByteArray &line : output.split('\n')) {
            if (line.startsWith("ack "))
                acknowledged.insert(line.mid(4).toStdString());
        }

        auto c = db.read();
        ASSERT_TRUE(c);
        QSqlQuery q(c->database());
        if (!test::TestDatabase::onPostgres()) { // the file; PostgreSQL's server keeps its own
            ASSERT_TRUE(q.exec(QStringLiteral("PRAGMA integrity_check")) && q.next());
            EXPECT_EQ(q.value(0).toString(), QStringLiteral("ok"));
        }

        ASSERT_TRUE(q.exec(QStringLiteral("SELECT id FROM messages")));
        std::set<std::string> stored;
        while (q.next())
            stored.insert(q.value(0).toString().toStdString());
        for (const std::string &id : acknowledged)
            ASSERT_TRUE(stored.count(id)) << "acknowledged message " << id << " is missing after round " << round;
        if (stored.size() > acknowledged.size())
            ++roundsWithUnacknowledged;

        // Found the way the engine finds them: by the range of ids on the message.
        ASSERT_TRUE(q.exec(QStringLiteral("SELECT count(*) FROM messages m WHERE "
                                          "(SELECT count(*) FROM deliveries d WHERE %1) <> 3")
                               .arg(QLatin1String(CopyRange::join))) &&
                    q.next());
        EXPECT_EQ(q.value(0).toInt(), 0) << "messages without all three copies after round " << round;
        ASSERT_TRUE(q.exec(QStringLiteral("SELECT count(*) FROM deliveries d WHERE NOT EXISTS "
                                          "(SELECT 1 FROM messages m WHERE m.id = d.parent_id)")) &&
                    q.next());
        EXPECT_EQ(q.value(0).toInt(), 0) << "copies without their message after round " << round;
        ASSERT_TRUE(q.exec(QStringLiteral("SELECT count(*) FROM messages m WHERE m.type = 'order:new' AND "
                                          "(SELECT count(*) FROM messages r WHERE r.parent_id = m.id AND "
                                          "r.type = 'order:relayed' AND r.depth = 1) <> 1")) &&
                    q.next());
        EXPECT_EQ(q.value(0).toInt(), 0) << "orders without the message the consumer derives after round " << round;
        ASSERT_TRUE(q.exec(QStringLiteral("SELECT count(*) FROM messages r WHERE r.type = 'order:relayed' AND NOT "
                                          "EXISTS (SELECT 1 FROM messages m WHERE m.id = r.parent_id)")) &&
                    q.next());
        EXPECT_EQ(q.value(0).toInt(), 0) << "derived messages without their parent after round " << round;
    }
    // Committed-but-not-yet-printed messages show the kill landed between commit and acknowledgement at
    // least sometimes; they are allowed (never acknowledged), just not required.
    RecordProperty("acknowledged", int(acknowledged.size()));
    RecordProperty("rounds_with_unacknowledged_commits", roundsWithUnacknowledged);
}

namespace {

} // namespace

TEST(CrashSafety, EveryMessageAnswered202SurvivesSigkillOfTheEngine)
{
    test::TestDatabase db;
    {
        Configuration config = test::basicConfiguration();
        Subscription s;
        s.endpoint = QStringLiteral("warehouse");
        s.messages = {QStringLiteral("*")};
        config.subscriptions.push_back(s);
        ASSERT_TRUE(test::replaceConfiguration(db.path(), config).ok());
    }
    const QByteArray token = test::basicConfiguration().stores[0].pushToken.toLatin1();
    std::mt19937 random(7);
    std::set<std::string> acknowledged;
    constexpr int rounds = 8;
    constexpr int clients = 8;
    for (int round = 0; round < rounds; ++round) {
        const quint16 port = test::freePort();
        QProcess engine;
        const QByteArray err = test::startHeadless(engine, db.path(), port);
        ASSERT_TRUE(engine.waitForStarted(10000));
        ASSERT_TRUE(err.contains("running headless")) << err.constData();

        std::vector<std::vector<std::string>> acks(clients);
        std::vector<std::thread> threads;
        for (int c = 0; c < clients; ++c) {
            threads.emplace_back([&, c] {
                test::HttpClient client(port);
                for (int i = 0;; ++i) {
                    const QByteArray body = R"({"message":"order:new","payload":{"round":)" +
                                            QByteArray::number(round) + R"(,"client":)" + QByteArray::number(c) +
                                            R"(,"i":)" + QByteArray::number(i) + "}}";
                    const test::HttpResponse r =
                        client.post("/api/stores/main/messages", body,
                                    {"Content-Type: application/json", "X-Hub-Access-Token: " + token});
                    if (r.status != 202)
                        return; // the engine is gone
                    acks[size_t(c)].push_back(r.json("message_id").toStdString());
                }
            });
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100 + int(random() % 300)));
        ::kill(pid_t(engine.processId()), SIGKILL);
        engine.waitForFinished(10000);
        for (auto &t : threads)
            t.join();

        auto c = db.read();
        ASSERT_TRUE(c);
        QSqlQuery q(c->database());
        std::set<std::string> stored;
        ASSERT_TRUE(q.exec(QStringLiteral("SELECT id FROM messages")));
        while (q.next())
            stored.insert(q.value(0).toString().toStdString());
        size_t thisRound = 0;
        for (const auto &ids : acks) {
            for (const std::string &id : ids) {
                ASSERT_TRUE(stored.count(id))
                    << "message " << id << " was answered 202 but is gone after round " << round;
                acknowledged.insert(id);
                ++thisRound;
            }
        }
        ASSERT_TRUE(q.exec(QStringLiteral("SELECT count(*) FROM messages m WHERE NOT EXISTS "
                                          "(SELECT 1 FROM deliveries d WHERE %1)")
                               .arg(QLatin1String(CopyRange::join))) &&
                    q.next());
        EXPECT_EQ(q.value(0).toInt(), 0) << "a stored message without its delivery after round " << round;
    }
    EXPECT_GT(acknowledged.size(), 200u) << "the clients must have been pushing when the engine was killed";
    RecordProperty("acknowledged", int(acknowledged.size()));
}

class PollCrash : public ::testing::TestWithParam<ApiVersion> {};

TEST_P(PollCrash, KilledInTheMiddleOfAPollTheRestartedEngineTakesEveryOrderExactlyOnce)
{
    constexpr int orders = 300;
    const QString key =
        GetParam() == ApiVersion::V3 ? QStringLiteral("sk_crash4Fq8Zr2Tn6Yw1Vb9Kc3") : QStringLiteral("crash-key");
    sim::SimulatedStore::Options o;
    (GetParam() == ApiVersion::V3 ? o.v3Key : o.v1Key) = key;
    o.orders = 0;
    o.rateLimitPerMinute = 1'000'000; // as the poller's pace below: the backlog within seconds
    sim::SimulatedStore store(o);
    store.catalogue().placeOrders(orders);
    ASSERT_TRUE(store.start().ok());
    // Slow enough that the kill lands in the middle of the backlog, between and during the pages' commits.
    store.setMode(sim::SimulatedStore::Mode::Slow, 0, 3);

    test::TestDatabase db;
    {
        Configuration config = test::basicConfiguration();
        config.stores.front().apiUrl = store.url();
        config.stores.front().apiKey = key;
        config.stores.front().apiVersion = GetParam();
        config.stores.front().poll.since = QStringLiteral("2000-01-01T00:00:00Z");
        config.stores.front().poll.requestsPerMinute = 6000; // the backlog within seconds
        test::TestWriter writer(db.path());
        ASSERT_TRUE(writer.start().ok());
        ASSERT_TRUE(
            writer.execute([&](WriteTransaction &tx) { return ConfigStore(tx.database(), tx.clock()).apply(config); })
                .ok());
    }
    const auto taken = [&] {
        return db.scalar(QStringLiteral("SELECT count(*) FROM messages WHERE type = 'order:new'")).toInt();
    };
    std::mt19937 random(std::random_device{}());
    for (int round = 0; round < 3 && taken() < orders; ++round) {
        QProcess engine;
        ASSERT_TRUE(test::startHeadless(engine, db.path(), test::freePort()).contains("running headless"));
        // Killed once its poll has committed something more, after a random further moment.
        const int before = taken();
        QElapsedTimer waited;
        waited.start();
        while (taken() == before && waited.elapsed() < 30'000)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        std::this_thread::sleep_for(std::chrono::milliseconds(random() % 200));
        ::kill(pid_t(engine.processId()), SIGKILL);
        ASSERT_TRUE(engine.waitForFinished(10'000));
    }
    // The last start runs to the end.
    store.setMode(sim::SimulatedStore::Mode::Normal);
    QProcess engine;
    ASSERT_TRUE(test::startHeadless(engine, db.path(), test::freePort()).contains("running headless"));
    QElapsedTimer waited;
    waited.start();
    while (taken() < orders && waited.elapsed() < 60'000)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ::kill(pid_t(engine.processId()), SIGTERM);
    ASSERT_TRUE(engine.waitForFinished(10'000));

    EXPECT_EQ(taken(), orders) << "nothing lost, nothing twice";
    EXPECT_EQ(
        db.scalar(QStringLiteral("SELECT count(DISTINCT %1) FROM messages WHERE type = 'order:new'")
                      .arg(test::TestDatabase::jsonText(QStringLiteral("payload"), QStringLiteral("order.number"))))
            .toInt(),
        orders);
}

INSTANTIATE_TEST_SUITE_P(BothApis, PollCrash, ::testing::Values(ApiVersion::V1, ApiVersion::V3),
                         [](const ::testing::TestParamInfo<ApiVersion> &info) {
                             return std::string(info.param == ApiVersion::V3 ? "AdminApiV3" : "ApiV1");
                         });
