// How new deliveries reach the dispatcher (DESIGN §6), against real HTTP endpoints: offered straight after
// their commit or read back from the database, each sent once either way; the line of offers an endpoint that
// keeps answering may hold beyond its window, bounded by count and bytes; retries that fall due behind that
// line; and what a paused endpoint lets go of.

#include "support/Delivering.h"

#include "message/Message.h"

#include <gtest/gtest.h>

#include <future>
#include <set>
#include <thread>

using namespace engine;
using test::Delivering;
using test::TestEndpoint;
using test::waitUntil;

// New deliveries reach the dispatcher two ways: offered straight after their commit (when it has read
// everything due), or read back from the database (when it is behind, or its line of offers is full).
// Either way each is sent once.
TEST_F(Delivering, EveryNewDeliveryIsSentOnceWhetherOfferedOrReadBack)
{
    TestEndpoint quick, slow;
    slow.answerAll(TestEndpoint::Answer{200, "{}", 2});
    Endpoint slowEndpoint = endpoint("slow", slow);
    slowEndpoint.concurrency = 2;
    Dispatcher::Options options;
    options.window = 4; // small, and a short line of offers beyond it, so that offers overflow both
    options.offeredLimit = 8;
    start({endpoint("quick", quick), slowEndpoint}, {}, options);

    // One at a time, each sent before the next: the dispatcher is caught up and takes them as offered.
    for (int i = 0; i < 20; ++i) {
        push();
        ASSERT_TRUE(quick.waitFor(i + 1)) << i;
        ASSERT_TRUE(slow.waitFor(i + 1)) << i;
    }
    // Then from three threads at once, in batches and one by one: the slow endpoint falls behind.
    auto pushSome = [this](int batches) {
        for (int b = 0; b < batches; ++b)
            pushBurst(1 + b % 20);
    };
    std::vector<std::future<void>> pushers;
    for (int t = 0; t < 3; ++t)
        pushers.push_back(std::async(std::launch::async, pushSome, 40));
    for (auto &p : pushers)
        p.get();
    const int total = db.scalar(QStringLiteral("SELECT count(*) FROM messages")).toInt();
    ASSERT_GT(total, 600);

    for (TestEndpoint *server : {&quick, &slow}) {
        ASSERT_TRUE(server->waitFor(total, 30000)) << server->received().size() << " of " << total;
        ASSERT_TRUE(waitUntil([&] {
            return engine->counts().counts(QueueCounts::Queue::Accepted)[QStringLiteral("archived")] == 2 * total;
        }));
        std::set<QByteArray> ids;
        for (const TestEndpoint::Received &r : server->received()) {
            ids.insert(r.json("message_id"));
            const Json body = Json::parse(r.body.toStdString(), nullptr, false);
            EXPECT_EQ(body.value("message", ""), "order:new");
            const Json payload = body.value("payload", Json::object());
            EXPECT_TRUE(payload.contains("order") && payload.contains("parameters")) << r.body.constData();
        }
        EXPECT_EQ(server->received().size(), size_t(total)) << "some were sent twice";
        EXPECT_EQ(ids.size(), size_t(total));
    }
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT count(*) FROM deliveries WHERE state = 'archived'")).toInt(), 2 * total);
}

// A burst to an endpoint that keeps answering waits in memory as offered, beyond the window, rather than
// being read back; a retry that falls due meanwhile is still read and sent. An endpoint that is failing
// holds its window and no more.
TEST_F(Delivering, ABurstWaitsAsOfferedAndARetryDueMeanwhileStillGoesOut)
{
    TestEndpoint steady, failing;
    steady.answerNext("/orders", {TestEndpoint::Answer{500, "{}"}});
    // Slow enough that a burst lines up behind it however slowly the machine takes it in (a build under a
    // sanitizer on PostgreSQL took it in at the pace of 5 ms answers, and no line formed).
    steady.answerAll(TestEndpoint::Answer{200, "{}", 20});
    failing.answerAll(TestEndpoint::Answer{500, "{}", 5});
    Endpoint one = endpoint("steady", steady), two = endpoint("failing", failing);
    one.concurrency = two.concurrency = 1;
    Dispatcher::Options options;
    options.window = 4;
    start(
        {one, two},
        [](Configuration &c) {
            for (Subscription &s : c.subscriptions)
                s.retries.scheduleS = {60};
        },
        options);

    // The first fails and is due again in a minute; the second succeeds, so the endpoint is answering.
    const QString retried = deliveryOf(push(), "steady");
    ASSERT_TRUE(waitForState(retried, "retrying"));
    const QString second = deliveryOf(push(), "steady");
    ASSERT_TRUE(waitForState(second, "archived"));

    pushBurst(300);
    int mostWaiting = 0;
    ASSERT_TRUE(waitUntil([&] {
        for (const auto &h : engine->dispatcher()->health()) {
            if (h.name == QLatin1String("steady"))
                mostWaiting = std::max(mostWaiting, h.waiting);
            else
                EXPECT_LE(h.waiting, 4) << "a failing endpoint holds no line";
        }
        return mostWaiting > 4;
    }));
    // The clock moves on without telling the dispatcher to read everything again: it finds the retry due
    // by itself, behind the line it holds.
    clock.advance(60000);
    ASSERT_TRUE(waitForState(retried, "archived", 60000));
    ASSERT_TRUE(steady.waitFor(303, 60000)) << steady.received().size();
    ASSERT_TRUE(waitUntil([&] {
        return db.scalar(QStringLiteral("SELECT count(*) FROM deliveries d JOIN endpoints e ON e.id = d.endpoint_id "
                                        "WHERE e.name = 'steady' AND d.state = 'archived'"))
                   .toInt() == 302;
    }));
    std::set<QByteArray> ids;
    for (const TestEndpoint::Received &r : steady.received())
        ids.insert(r.json("message_id"));
    EXPECT_EQ(ids.size(), 302u) << "each once, and the first twice";
}

// The line beyond the window is bounded by its payloads' bytes too, so that large messages cannot fill
// memory; what does not fit is read back, and each is sent once.
TEST_F(Delivering, ALineOfLargeMessagesIsBoundedByItsBytes)
{
    TestEndpoint server;
    server.answerAll(TestEndpoint::Answer{200, "{}", 20}); // slow enough for the health snapshot to see the line
    Endpoint e = endpoint("warehouse", server);
    e.concurrency = 1;
    Dispatcher::Options options;
    options.window = 4;
    options.offeredBytes = 20'000;
    start({e}, {}, options);
    ASSERT_TRUE(waitForState(deliveryOf(push()), "archived")); // it answers, so it may hold a line

    const std::string payload = R"({"order":{"note":")" + std::string(2000, 'x') + "\"}}";
    pushBurst(60, payload);
    int mostWaiting = 0;
    while (server.received().size() < 61) {
        for (const auto &h : engine->dispatcher()->health())
            mostWaiting = std::max(mostWaiting, h.waiting);
        if (!server.waitFor(int(server.received().size()) + 1, 10000))
            break;
    }
    EXPECT_GT(mostWaiting, 4) << "it held a line";
    EXPECT_LE(mostWaiting, 12) << "of about 20,000 bytes";
    ASSERT_TRUE(waitUntil([&] {
        return db.scalar(QStringLiteral("SELECT count(*) FROM deliveries WHERE state = 'archived'")).toInt() == 61;
    }));
    EXPECT_EQ(server.received().size(), 61u);
}

// A paused endpoint does not keep the deliveries it had lined up in memory; they are read back when it is
// resumed, each sent once.
TEST_F(Delivering, APausedEndpointLetsGoOfItsLine)
{
    TestEndpoint server;
    server.answerNext("/orders", {TestEndpoint::Answer{200, "{}"}, TestEndpoint::Answer{410, "{}", 50}});
    server.answerAll(TestEndpoint::Answer{200, "{}"});
    Endpoint e = endpoint("warehouse", server);
    e.concurrency = 1;
    start({e});
    ASSERT_TRUE(waitForState(deliveryOf(push()), "archived")); // it answers, so it may hold a line

    pushBurst(100);
    ASSERT_TRUE(waitUntil([&] {
        return db.scalar(QStringLiteral("SELECT state FROM endpoints WHERE name = 'warehouse'")).toString() ==
               QStringLiteral("paused");
    }));
    ASSERT_TRUE(waitUntil([&] {
        const auto health = engine->dispatcher()->health();
        return health.size() == 1 && health[0].paused && health[0].waiting == 0;
    })) << engine->dispatcher()->health()[0].waiting
        << " still waiting in memory";
    EXPECT_EQ(server.received().size(), 2u);

    resume("warehouse");
    advance(1000); // the one that met the 410 is due again
    ASSERT_TRUE(server.waitFor(102)) << server.received().size();
    ASSERT_TRUE(waitUntil([&] {
        return db.scalar(QStringLiteral("SELECT count(*) FROM deliveries WHERE state = 'archived'")).toInt() == 101;
    }));
    settle();
    EXPECT_EQ(server.received().size(), 102u) << "each once, and the one that met the 410 twice";
}
