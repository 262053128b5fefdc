// Delivery against real HTTP endpoints (DESIGN §4, §6): the body and headers, signatures (checked with
// OpenSSL, independently of the engine's Qt code), replies with messages, notifications, parameters and
// "later", every kind of failure and the retry schedule (on an injected clock), Retry-After, 410, the
// circuit, fairness between endpoints, HTTPS, huge replies, and the owner's actions. How new deliveries reach
// the dispatcher is in test_delivery_offers.cpp.

#include "support/Delivering.h"
#include "support/MisbehavingServer.h"

#include "Engine.h"
#include "dispatch/DeliveryActions.h"
#include "dispatch/Discovery.h"
#include "dispatch/ParameterMerge.h"
#include "dispatch/RetrySchedule.h"
#include "storage/ConfigStore.h"
#include "storage/SettingsStore.h"
#include "support/TestWriter.h"

#include <QFile>
#include <QSqlQuery>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <gtest/gtest.h>

#include <future>
#include <numeric>
#include <set>
#include <thread>

using namespace engine;
using test::MisbehavingServer;
using test::TestEndpoint;

namespace {

const char *signingSecret = "whsec_dGVzdC1zaWduaW5nLXNlY3JldC0wMTIz"; // "test-signing-secret-0123"

using test::waitUntil;

// Standard Webhooks, computed with OpenSSL rather than the engine's own code.
QByteArray expectedSignature(const QByteArray &id, const QByteArray &timestamp, const QByteArray &body)
{
    const QByteArray key = QByteArray::fromBase64(QByteArray(signingSecret).mid(6));
    const QByteArray content = id + "." + timestamp + "." + body;
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), key.constData(), int(key.size()), reinterpret_cast<const unsigned char *>(content.constData()),
         size_t(content.size()), mac, &length);
    return "v1," + QByteArray(reinterpret_cast<const char *>(mac), int(length)).toBase64();
}

} // namespace

using test::Delivering;

TEST_F(Delivering, TheBodyAndHeadersAreAsDocumentedAndSigned)
{
    TestEndpoint server;
    Endpoint e = endpoint("warehouse", server);
    e.signingSecret = QLatin1String(signingSecret);
    start({e}, [](Configuration &c) { c.subscriptions[0].parameters = {{QStringLiteral("warehouse.code"), "W1"}}; });
    const std::string messageId = push("order:new", R"({"order":{"number":"R1"},"note":"x"})");
    ASSERT_TRUE(server.waitFor(1));
    const TestEndpoint::Received r = server.received().front();
    const QString deliveryId = deliveryOf(messageId);
    EXPECT_EQ(r.method, "POST");
    EXPECT_EQ(r.path, "/orders");
    EXPECT_EQ(r.header("Content-Type"), "application/json");
    EXPECT_EQ(r.header("X-Hub-Store"), "main");
    EXPECT_EQ(r.header("X-Hub-Token"), "token-warehouse");
    EXPECT_EQ(r.header("X-Augury-Token"), "token-warehouse");
    const Json body = Json::parse(r.body.toStdString());
    EXPECT_EQ(
        body,
        Json::parse(
            QStringLiteral(
                R"({"message":"order:new","message_id":"%1","payload":{"order":{"number":"R1"},"note":"x","parameters":[{"name":"warehouse.code","value":"W1"}]}})")
                .arg(deliveryId)
                .toStdString()));
    EXPECT_NE(deliveryId.toStdString(), messageId) << "each copy has its own message_id";

    EXPECT_EQ(r.header("webhook-id"), deliveryId.toLatin1());
    EXPECT_EQ(r.header("webhook-timestamp"), QByteArray::number(clock.nowMs() / 1000));
    EXPECT_EQ(r.header("webhook-signature"),
              expectedSignature(r.header("webhook-id"), r.header("webhook-timestamp"), r.body));

    ASSERT_TRUE(waitForState(deliveryId, "archived"));
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT status FROM attempts WHERE delivery_id = '%1'").arg(deliveryId)).toInt(),
              200);
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT attempts FROM deliveries WHERE id = '%1'").arg(deliveryId)).toInt(), 1);
    EXPECT_TRUE(waitUntil(
        [&] { return engine->counts().counts(QueueCounts::Queue::Accepted)[QStringLiteral("archived")] == 1; }));
}

TEST_F(Delivering, ASubscriptionMadeWhileRunningDeliversItsFirstMessage)
{
    // The dispatcher looks at the configuration now and then; a delivery for a subscription it has not
    // seen yet must make it look again, not be parked as if the subscription were gone.
    TestEndpoint server;
    start(
        {endpoint("warehouse", server)}, [](Configuration &c) { c.subscriptions.clear(); },
        Dispatcher::Options{.checkIntervalMs = 3'600'000});
    Subscription s;
    s.endpoint = QStringLiteral("warehouse");
    s.messages = {QStringLiteral("order:new")};
    s.path = QStringLiteral("/new");
    ASSERT_TRUE(
        engine->writer()
            .execute([&](WriteTransaction &tx) { return ConfigStore(tx.database(), tx.clock()).saveSubscription(s); })
            .ok());
    const std::string id = push();
    ASSERT_TRUE(server.waitFor(1, 10000, "/new"));
    EXPECT_TRUE(waitForState(deliveryOf(id), "archived"));
}

TEST_F(Delivering, WithoutASecretThereIsNoSignature)
{
    TestEndpoint server;
    start({endpoint("warehouse", server)});
    push();
    ASSERT_TRUE(server.waitFor(1));
    EXPECT_TRUE(server.received().front().header("webhook-signature").isEmpty());
}

TEST_F(Delivering, RepliesBringMessagesNotificationsAndParameters)
{
    TestEndpoint server;
    server.answerNext("/orders", {TestEndpoint::Answer{200, R"({
        "notifications":[{"level":"warn","subject":"Order R1 is late","description":"The warehouse is busy."}],
        "messages":[{"message":"shipment:confirm","payload":{"shipment":{"number":"H1","order_id":"R1"}}},{"message":"bad","payload":{}}],
        "parameters":[{"name":"cursor","value":"2026-11-26T10:00:00Z"}]})"}});
    start({endpoint("warehouse", server)}, [](Configuration &c) {
        Subscription confirmations;
        confirmations.endpoint = QStringLiteral("warehouse");
        confirmations.messages = {QStringLiteral("shipment:*")};
        confirmations.path = QStringLiteral("/shipments");
        c.subscriptions.push_back(confirmations);
    });
    const std::string first = push();
    const QString firstDelivery = deliveryOf(first);
    ASSERT_TRUE(waitForState(firstDelivery, "archived"));

    // The reply's message came in as a child of the delivery, and went out to its own subscriber.
    const QString child =
        db.scalar(QStringLiteral("SELECT id FROM messages WHERE type = 'shipment:confirm'")).toString();
    ASSERT_FALSE(child.isEmpty());
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT parent_id FROM messages WHERE id = '%1'").arg(child)).toString(),
              firstDelivery);
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT source FROM messages WHERE id = '%1'").arg(child)).toString(),
              QStringLiteral("endpoint:warehouse"));
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT depth FROM messages WHERE id = '%1'").arg(child)).toInt(), 1);
    ASSERT_TRUE(server.waitFor(1, 10000, "/shipments"));

    // The notification is an event on the order; the bad message is one too.
    EXPECT_EQ(db.scalar(QStringLiteral(
                            "SELECT count(*) FROM events WHERE reference_type = 'order' AND reference_id = 'R1' "
                            "AND level = 'warn' AND subject = 'Order R1 is late' AND origin = 'endpoint:warehouse'"))
                  .toInt(),
              1);
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT count(*) FROM events WHERE subject LIKE '%not valid%'")).toInt(), 1);

    // The parameters are kept, and the next delivery carries them.
    EXPECT_TRUE(db.scalar(QStringLiteral("SELECT parameters FROM subscriptions WHERE path = '/orders'"))
                    .toString()
                    .contains(QStringLiteral("2026-11-26T10:00:00Z")));
    push();
    ASSERT_TRUE(server.waitFor(2, 10000, "/orders"));
    const Json second = Json::parse(server.received("/orders").back().body.toStdString());
    EXPECT_EQ(second["payload"]["parameters"][0]["value"], "2026-11-26T10:00:00Z");
}

TEST_F(Delivering, AnAsynchronousReplyIsFollowedUpLater)
{
    TestEndpoint server;
    server.answerNext("/orders", {TestEndpoint::Answer{202, R"({"delay": 30, "update_url": "/orders/status/7"})"}});
    start({endpoint("warehouse", server)});
    const QString delivery = deliveryOf(push());
    ASSERT_TRUE(waitForState(delivery, "scheduled"));
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT due_at FROM deliveries WHERE id = '%1'").arg(delivery)).toLongLong(),
              clock.nowMs() + 30000);
    settle();
    EXPECT_EQ(server.received("/orders/status/7").size(), 0u) << "not before its time";

    advance(30000);
    ASSERT_TRUE(server.waitFor(1, 10000, "/orders/status/7"));
    EXPECT_EQ(server.received("/orders/status/7").front().json("message_id"), "\"" + delivery.toLatin1() + "\"");
    ASSERT_TRUE(waitForState(delivery, "archived"));
}

TEST_F(Delivering, AnUpdateUrlOnAnotherHostIsNotFollowed)
{
    TestEndpoint server;
    server.answerNext("/orders", {TestEndpoint::Answer{200, R"({"delay": 5, "update_url": "http://example.com/x"})"}});
    start({endpoint("warehouse", server)});
    const QString delivery = deliveryOf(push());
    ASSERT_TRUE(waitForState(delivery, "archived"));
    EXPECT_EQ(db.scalar(QStringLiteral(
                            "SELECT count(*) FROM events WHERE description LIKE '%not on the endpoint''s own host%'"))
                  .toInt(),
              1);
}

TEST_F(Delivering, FailuresFollowTheRetryScheduleThenPark)
{
    TestEndpoint server;
    server.answer("/orders", TestEndpoint::Answer{500, R"({"error":"the warehouse is on fire"})"});
    start({endpoint("warehouse", server)}, [](Configuration &c) {
        c.subscriptions[0].retries.scheduleS = {0, 5, 300};
    });
    const QString delivery = deliveryOf(push());

    // The first retry is at once; the next one waits 5 s on the engine's clock.
    ASSERT_TRUE(server.waitFor(2));
    ASSERT_TRUE(waitUntil([&] {
        return db.scalar(QStringLiteral("SELECT attempts FROM deliveries WHERE id = '%1'").arg(delivery)).toInt() == 2;
    }));
    EXPECT_EQ(state(delivery), QStringLiteral("retrying"));
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT due_at FROM deliveries WHERE id = '%1'").arg(delivery)).toLongLong(),
              clock.nowMs() + 5000);
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT last_error FROM deliveries WHERE id = '%1'").arg(delivery)).toString(),
              QStringLiteral("HTTP 500: the warehouse is on fire"));
    settle();
    EXPECT_EQ(server.received().size(), 2u) << "nothing before the 5 s are up";

    advance(4999);
    settle();
    EXPECT_EQ(server.received().size(), 2u);
    advance(1);
    ASSERT_TRUE(server.waitFor(3));
    ASSERT_TRUE(waitUntil([&] {
        return db.scalar(QStringLiteral("SELECT due_at FROM deliveries WHERE id = '%1'").arg(delivery)).toLongLong() ==
               clock.nowMs() + 300000;
    }));
    advance(300000);
    ASSERT_TRUE(server.waitFor(4));
    ASSERT_TRUE(waitForState(delivery, "parked")) << "the schedule is used up";
    EXPECT_TRUE(db.scalar(QStringLiteral("SELECT due_at FROM deliveries WHERE id = '%1'").arg(delivery)).isNull());

    // Every attempt is on record, with the reply.
    auto c = db.read();
    QSqlQuery q(c->database());
    ASSERT_TRUE(
        q.exec(QStringLiteral(
                   "SELECT number, status, error, response_body FROM attempts WHERE delivery_id = '%1' ORDER BY number")
                   .arg(delivery)));
    int n = 0;
    while (q.next()) {
        ++n;
        EXPECT_EQ(q.value(0).toInt(), n);
        EXPECT_EQ(q.value(1).toInt(), 500);
        EXPECT_EQ(q.value(2).toString(), QStringLiteral("HTTP 500: the warehouse is on fire"));
        EXPECT_TRUE(q.value(3).toString().contains(QStringLiteral("on fire")));
    }
    EXPECT_EQ(n, 4);
    // The same message_id every time: receivers can de-duplicate.
    for (const auto &r : server.received())
        EXPECT_EQ(r.json("message_id"), "\"" + delivery.toLatin1() + "\"");
}

TEST_F(Delivering, JitterStaysWithinTwentyPercent)
{
    RetryPolicy policy;
    policy.scheduleS = {100};
    for (double r : {0.0, 0.25, 0.999}) {
        const auto next = RetrySchedule::after(policy, 1, 0, std::nullopt, [r] { return r; });
        EXPECT_FALSE(next.park);
        EXPECT_GE(next.dueAtMs, 80000);
        EXPECT_LE(next.dueAtMs, 120000);
    }
    EXPECT_TRUE(RetrySchedule::after(policy, 2, 0, std::nullopt, [] { return 0.5; }).park);
    EXPECT_EQ(RetrySchedule::parseRetryAfter("120", 0), 120000);
    EXPECT_EQ(RetrySchedule::parseRetryAfter("Thu, 01 Jan 1970 00:01:00 GMT", 0), 60000);
    EXPECT_FALSE(RetrySchedule::parseRetryAfter("soon", 0).has_value());
}

TEST_F(Delivering, RetryAfterIsHonoured)
{
    TestEndpoint server;
    server.answer("/orders", TestEndpoint::Answer{503, "{}", 0, false, 0, {{"Retry-After", "120"}}});
    start({endpoint("warehouse", server)});
    const QString delivery = deliveryOf(push());
    ASSERT_TRUE(server.waitFor(1));
    ASSERT_TRUE(waitForState(delivery, "retrying"));
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT due_at FROM deliveries WHERE id = '%1'").arg(delivery)).toLongLong(),
              clock.nowMs() + 120000)
        << "not at once, as the schedule says, but after the 120 s asked for";
}

TEST_F(Delivering, ASubscriptionWithoutRetriesParksAtOnce)
{
    TestEndpoint server;
    server.answer("/orders", TestEndpoint::Answer{422});
    start({endpoint("warehouse", server)}, [](Configuration &c) { c.subscriptions[0].retries.allowed = false; });
    const QString delivery = deliveryOf(push());
    ASSERT_TRUE(waitForState(delivery, "parked"));
    EXPECT_EQ(server.received().size(), 1u);
}

TEST_F(Delivering, RedirectsTimeoutsAndRefusalsAreFailures)
{
    TestEndpoint server;
    server.answer("/orders", TestEndpoint::Answer{302, "{}", 0, false, 0, {{"Location", "http://127.0.0.1:1/"}}});
    TestEndpoint slow;
    slow.answer("/orders", TestEndpoint::Answer{200, "{}", 0, true});
    Endpoint refused;
    refused.name = QStringLiteral("gone");
    refused.url = QStringLiteral("http://127.0.0.1:1");
    Endpoint hanging = endpoint("hanging", slow);
    hanging.timeoutS = 1;
    start({endpoint("moved", server), hanging, refused}, [](Configuration &c) {
        for (Subscription &s : c.subscriptions)
            s.retries.allowed = false;
    });
    const std::string id = push();
    const QString moved = deliveryOf(id, "moved"), timedOut = deliveryOf(id, "hanging"), gone = deliveryOf(id, "gone");
    ASSERT_TRUE(waitForState(moved, "parked"));
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT last_status FROM deliveries WHERE id = '%1'").arg(moved)).toInt(), 302);
    ASSERT_TRUE(waitForState(gone, "parked"));
    EXPECT_TRUE(db.scalar(QStringLiteral("SELECT last_error FROM deliveries WHERE id = '%1'").arg(gone))
                    .toString()
                    .contains(QStringLiteral("onnect")));
    ASSERT_TRUE(waitForState(timedOut, "parked", 5000));
    EXPECT_TRUE(db.scalar(QStringLiteral("SELECT last_error FROM deliveries WHERE id = '%1'").arg(timedOut))
                    .toString()
                    .contains(QStringLiteral("timed out"), Qt::CaseInsensitive));
    EXPECT_TRUE(db.scalar(QStringLiteral("SELECT last_status FROM deliveries WHERE id = '%1'").arg(timedOut)).isNull());
}

TEST_F(Delivering, Gone410PausesTheEndpointUntilResumed)
{
    TestEndpoint server;
    server.answerNext("/orders", {TestEndpoint::Answer{410}});
    start({endpoint("warehouse", server)});
    const QString first = deliveryOf(push());
    ASSERT_TRUE(waitUntil([&] {
        return db.scalar(QStringLiteral("SELECT state FROM endpoints WHERE name = 'warehouse'")).toString() ==
               QStringLiteral("paused");
    }));
    EXPECT_EQ(
        db.scalar(QStringLiteral("SELECT count(*) FROM alerts WHERE kind = 'endpoint_paused' AND resolved_at IS NULL"))
            .toInt(),
        1);
    push();
    settle();
    EXPECT_EQ(server.received().size(), 1u) << "nothing goes to a paused endpoint";

    resume("warehouse");
    EXPECT_EQ(
        db.scalar(QStringLiteral("SELECT count(*) FROM alerts WHERE kind = 'endpoint_paused' AND resolved_at IS NULL"))
            .toInt(),
        0)
        << "resuming is the owner's answer to the alert";
    advance(1000); // the first one's retry falls due
    ASSERT_TRUE(server.waitFor(3));
    ASSERT_TRUE(waitForState(first, "archived"));
}

TEST_F(Delivering, FailuresInARowOpenTheCircuitAndASuccessClosesIt)
{
    TestEndpoint server;
    server.answer("/orders", TestEndpoint::Answer{500, R"({"error":"down"})"});
    start({endpoint("warehouse", server)}, [](Configuration &c) { c.subscriptions[0].retries.allowed = false; });
    for (int i = 0; i < 5; ++i)
        push();
    ASSERT_TRUE(waitUntil([&] {
        return db.scalar(QStringLiteral(
                             "SELECT count(*) FROM alerts WHERE kind = 'endpoint_failing' AND subject = 'warehouse' "
                             "AND resolved_at IS NULL"))
                   .toInt() == 1;
    }));
    EXPECT_TRUE(db.scalar(QStringLiteral("SELECT detail FROM alerts WHERE kind = 'endpoint_failing'"))
                    .toString()
                    .contains(QStringLiteral("down")));
    ASSERT_TRUE(waitUntil([&] {
        const auto health = engine->dispatcher()->health();
        return !health.empty() && health.front().circuitOpen;
    }));

    // While the circuit is open only one probe is out at a time.
    // (The probe is answered late enough that the dispatcher makes its passes while it is out.)
    server.answer("/orders", TestEndpoint::Answer{200, "{}", 2000});
    server.clear();
    for (int i = 0; i < 6; ++i)
        push();
    ASSERT_TRUE(server.waitFor(1));
    const quint64 from = engine->dispatcher()->passes();
    ASSERT_TRUE(waitUntil([&] { return engine->dispatcher()->passes() >= from + 2; }));
    EXPECT_EQ(server.received().size(), 1u) << "one probe, not the endpoint's full concurrency";
    ASSERT_TRUE(waitUntil([&] {
        return db.scalar(QStringLiteral(
                             "SELECT count(*) FROM alerts WHERE kind = 'endpoint_failing' AND resolved_at IS NOT NULL"))
                   .toInt() == 1;
    }));
    ASSERT_TRUE(server.waitFor(6));
    ASSERT_TRUE(waitUntil([&] {
        const auto health = engine->dispatcher()->health();
        return !health.empty() && !health.front().circuitOpen && health.front().latencyP50Ms > 0;
    }));
    const auto health = engine->dispatcher()->health();
    EXPECT_EQ(health.front().failuresInRow, 0);
    EXPECT_GT(health.front().latencyP50Ms, 250);
    EXPECT_LT(health.front().successRate, 1.0);
}

TEST_F(Delivering, AnEndpointFailingEveryOtherDeliveryIsDegradedUntilItRecovers)
{
    TestEndpoint server;
    // One in two fails: never two in a row, so its circuit never opens.
    std::vector<TestEndpoint::Answer> answers;
    for (int i = 0; i < 30; ++i)
        answers.push_back(TestEndpoint::Answer{i % 2 ? 200 : 500, i % 2 ? "{}" : R"({"error":"lock timeout"})"});
    server.answerNext("/orders", answers);
    {
        // The owner's threshold, as the settings keep it.
        test::TestWriter writer(db.path());
        ASSERT_TRUE(writer.start().ok());
        HubSettings settings;
        settings.degradedFailurePercent = 50;
        ASSERT_TRUE(writer.execute([&](WriteTransaction &tx) { return SettingsStore::save(tx, settings); }).ok());
    }
    start({endpoint("warehouse", server)}, [](Configuration &c) {
        c.subscriptions[0].retries.allowed = false;
        c.endpoints[0].concurrency = 1; // the answers in their order
    });
    const QString open = QStringLiteral("SELECT count(*) FROM alerts WHERE kind = 'endpoint_degraded' AND subject = "
                                        "'warehouse' AND resolved_at IS NULL");
    for (int i = 0; i < 30; ++i)
        push();
    ASSERT_TRUE(server.waitFor(30));
    ASSERT_TRUE(waitUntil([&] { return db.scalar(open).toInt() == 1; }));
    EXPECT_TRUE(db.scalar(QStringLiteral("SELECT detail FROM alerts WHERE kind = 'endpoint_degraded'"))
                    .toString()
                    .contains(QStringLiteral("50% of its last 20 deliveries failed (degraded from 50%)")))
        << qPrintable(
               db.scalar(QStringLiteral("SELECT detail FROM alerts WHERE kind = 'endpoint_degraded'")).toString());
    ASSERT_TRUE(waitUntil([&] {
        const auto health = engine->dispatcher()->health();
        return !health.empty() && health.front().degraded && !health.front().circuitOpen;
    }));

    // 15 of 30 failed; it recovers at half the threshold: 15 of 60, after 30 more successes.
    for (int i = 0; i < 29; ++i)
        push();
    ASSERT_TRUE(server.waitFor(59));
    // Each outcome is written with the alert it raises or resolves, in one transaction.
    ASSERT_TRUE(waitUntil([&] {
        return db.scalar(QStringLiteral("SELECT count(*) FROM deliveries WHERE state IN ('archived', 'parked')"))
                   .toInt() == 59;
    }));
    EXPECT_EQ(db.scalar(open).toInt(), 1) << "one success short of recovering";
    push();
    ASSERT_TRUE(waitUntil([&] { return db.scalar(open).toInt() == 0; }));
    EXPECT_TRUE(waitUntil([&] { return !engine->dispatcher()->health().front().degraded; }));
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT count(*) FROM alerts WHERE kind = 'endpoint_degraded'")).toInt(), 1);
}

TEST_F(Delivering, ADegradedEndpointIsStillDegradedAfterARestartUntilEnoughNewAttemptsSayOtherwise)
{
    TestEndpoint server;
    std::vector<TestEndpoint::Answer> answers;
    for (int i = 0; i < 20; ++i)
        answers.push_back(TestEndpoint::Answer{i % 2 ? 200 : 500, "{}"});
    server.answerNext("/orders", answers);
    start({endpoint("warehouse", server)}, [](Configuration &c) {
        c.subscriptions[0].retries.allowed = false;
        c.endpoints[0].concurrency = 1;
    });
    const QString open = QStringLiteral("SELECT count(*) FROM alerts WHERE kind = 'endpoint_degraded' AND subject = "
                                        "'warehouse' AND resolved_at IS NULL");
    for (int i = 0; i < 20; ++i)
        push();
    ASSERT_TRUE(waitUntil([&] { return db.scalar(open).toInt() == 1; }));
    // A new run has no attempts in memory; the open alert says it was degraded, and a few successes are too
    // few to say otherwise.
    restart();
    const QString finished = QStringLiteral("SELECT count(*) FROM deliveries WHERE state IN ('archived', 'parked')");
    for (int i = 0; i < EndpointHealth::degradedMinimumAttempts - 1; ++i)
        push();
    ASSERT_TRUE(
        waitUntil([&] { return db.scalar(finished).toInt() == 20 + EndpointHealth::degradedMinimumAttempts - 1; }));
    EXPECT_EQ(db.scalar(open).toInt(), 1);
    push();
    ASSERT_TRUE(waitUntil([&] { return db.scalar(open).toInt() == 0; }));
}

TEST_F(Delivering, AnEndpointFailingWhenTheEngineStoppedIsStillFailingAfterARestart)
{
    TestEndpoint server;
    server.answer("/orders", TestEndpoint::Answer{500, R"({"error":"down"})"});
    start({endpoint("warehouse", server)}, [](Configuration &c) { c.subscriptions[0].retries.allowed = false; });
    for (int i = 0; i < 5; ++i)
        push();
    const QString openAlerts =
        QStringLiteral("SELECT count(*) FROM alerts WHERE kind = 'endpoint_failing' AND resolved_at IS NULL");
    ASSERT_TRUE(waitUntil([&] { return db.scalar(openAlerts).toInt() == 1; }));
    // A new run knows nothing in memory, but the alert is still open: the circuit is too.
    restart();
    ASSERT_TRUE(waitUntil([&] { return !engine->dispatcher()->health().empty(); }));
    const auto before = engine->dispatcher()->health().front();
    EXPECT_TRUE(before.circuitOpen);
    EXPECT_TRUE(before.lastError.contains(QStringLiteral("down"))) << qPrintable(before.lastError);

    // The endpoint is back: its first success closes the circuit and resolves the alert left open.
    server.answer("/orders", TestEndpoint::Answer{200, "{}"});
    push();
    ASSERT_TRUE(server.waitFor(6));
    ASSERT_TRUE(waitUntil([&] { return db.scalar(openAlerts).toInt() == 0; }));
    EXPECT_TRUE(
        waitUntil([&] { return !engine->dispatcher()->health().front().circuitOpen; })); // published a moment later
}

TEST_F(Delivering, AHangingEndpointDoesNotHoldUpAnother)
{
    TestEndpoint stuck, fast;
    stuck.answerAll(TestEndpoint::Answer{200, "{}", 0, true});
    Endpoint slow = endpoint("stuck", stuck);
    slow.concurrency = 2;
    start({slow, endpoint("fast", fast)});
    for (int i = 0; i < 200; ++i)
        push();
    // The stuck one never answers: had the fast one waited behind it, it would never get them all.
    ASSERT_TRUE(fast.waitFor(200, 10000)) << "got " << fast.received().size();
    EXPECT_EQ(stuck.received().size(), 2u) << "the stuck one only ever had its own two slots";
    ASSERT_TRUE(waitUntil(
        [&] { return engine->counts().counts(QueueCounts::Queue::Accepted)[QStringLiteral("archived")] == 200; }));
}

TEST_F(Delivering, HugeRepliesAreCutShort)
{
    TestEndpoint server;
    server.answerNext("/orders", {TestEndpoint::Answer{200, "{}", 0, false, 5'000'000},
                                  TestEndpoint::Answer{500, "{}", 0, false, 5'000'000}});
    start({endpoint("warehouse", server)}, [](Configuration &c) { c.subscriptions[0].retries.allowed = false; });
    const QString ok = deliveryOf(push());
    ASSERT_TRUE(waitForState(ok, "archived"));
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT count(*) FROM events WHERE subject LIKE '%too long to read%'")).toInt(),
              1);
    const QString failed = deliveryOf(push());
    ASSERT_TRUE(waitForState(failed, "parked"));
    EXPECT_EQ(
        db.scalar(QStringLiteral("SELECT length(response_body) FROM attempts WHERE delivery_id = '%1'").arg(failed))
            .toInt(),
        20 * 1024);
}

// Endpoints that misbehave below HTTP: one accepts connections and never reads them; one answers with a reply
// that never ends, fast (cut at the reply limit) or a few bytes at a time (cut by the endpoint's timeout).
// Neither holds up another endpoint, and the hub hangs up on each instead of holding on or reading without
// end.
class Misbehaving : public Delivering, public ::testing::WithParamInterface<MisbehavingServer::Way> {};

TEST_P(Misbehaving, AnEndpointThatNeverLetsGoHoldsUpNoOneAndIsHungUpOn)
{
    using Way = MisbehavingServer::Way;
    MisbehavingServer bad(GetParam());
    TestEndpoint fast;
    Endpoint rude;
    rude.name = QStringLiteral("rude");
    rude.url = bad.url();
    rude.timeoutS = 1;
    rude.concurrency = 2;
    start({rude, endpoint("fast", fast)}, [](Configuration &c) { c.subscriptions[0].retries.allowed = false; });
    // A large message, so that one who never reads has the hub's socket fill up as well.
    const std::string large = R"({"order":{"number":"R1","note":")" + std::string(256 * 1024, 'n') + R"("}})";
    const std::string first = push("order:new", large.c_str());
    for (int i = 0; i < 99; ++i)
        push();
    ASSERT_TRUE(fast.waitFor(100, 20000)) << "got " << fast.received().size();

    const QString delivery = deliveryOf(first, "rude");
    if (GetParam() == Way::EndlessReply) {
        // Read up to the reply limit, then let go: the delivery was taken (200), its reply too long to read.
        ASSERT_TRUE(waitForState(delivery, "archived", 20000)) << qPrintable(state(delivery));
        EXPECT_LE(
            db.scalar(
                  QStringLiteral("SELECT length(response_body) FROM attempts WHERE delivery_id = '%1'").arg(delivery))
                .toInt(),
            20 * 1024);
    } else {
        ASSERT_TRUE(waitForState(delivery, "parked", 20000)) << qPrintable(state(delivery));
        const QString error =
            db.scalar(QStringLiteral("SELECT last_error FROM deliveries WHERE id = '%1'").arg(delivery)).toString();
        EXPECT_TRUE(error.contains(QLatin1String("timed out"), Qt::CaseInsensitive)) << qPrintable(error);
    }
    ASSERT_TRUE(waitUntil([&] { return bad.closedByPeer() >= 1; }, 20000)) << "the hub never hung up";
}

INSTANTIATE_TEST_SUITE_P(Delivering, Misbehaving,
                         ::testing::Values(MisbehavingServer::Way::NeverReads, MisbehavingServer::Way::EndlessReply,
                                           MisbehavingServer::Way::EndlessTrickle),
                         [](const auto &info) {
                             switch (info.param) {
                             case MisbehavingServer::Way::NeverReads:
                                 return "NeverReads";
                             case MisbehavingServer::Way::EndlessReply:
                                 return "EndlessReply";
                             default:
                                 return "EndlessTrickle";
                             }
                         });

TEST_F(Delivering, HttpsVerifiesCertificates)
{
    // A certificate for 127.0.0.1 from a test authority (tests/data/tls).
    const QString tls = QStringLiteral(TEST_DATA_DIR "/tls/");
    TestEndpoint secure(tls + QLatin1String("server.pem"), tls + QLatin1String("server.key"));
    {
        start({endpoint("secure", secure)}, [](Configuration &c) { c.subscriptions[0].retries.allowed = false; });
        const QString untrusted = deliveryOf(push());
        ASSERT_TRUE(waitForState(untrusted, "parked"));
        EXPECT_TRUE(db.scalar(QStringLiteral("SELECT last_error FROM deliveries WHERE id = '%1'").arg(untrusted))
                        .toString()
                        .contains(QStringLiteral("certificate"), Qt::CaseInsensitive));
        EXPECT_EQ(secure.received().size(), 0u);
        engine->stop();
        engine.reset();
    }
    Dispatcher::Options trusting;
    trusting.caFile = tls + QLatin1String("ca.pem");
    Engine::Options options{
        .databasePath = db.path(), .clock = &clock, .createDefaultStore = false, .dispatch = trusting};
    engine = std::make_unique<Engine>(options);
    ASSERT_TRUE(engine->start().ok());
    const QString trusted = deliveryOf(push());
    ASSERT_TRUE(waitForState(trusted, "archived"));
    EXPECT_EQ(secure.received().size(), 1u);
}

TEST_F(Delivering, TheOwnerRetriesArchivesResendsAndDiscards)
{
    TestEndpoint server;
    server.answer("/orders", TestEndpoint::Answer{500});
    start({endpoint("warehouse", server)}, [](Configuration &c) { c.subscriptions[0].retries.allowed = false; });
    std::vector<QString> deliveries;
    for (int i = 0; i < 4; ++i)
        deliveries.push_back(deliveryOf(push()));
    for (const QString &d : deliveries)
        ASSERT_TRUE(waitForState(d, "parked"));
    server.answer("/orders", TestEndpoint::Answer{200});
    server.clear();

    // One, by id: sent again with the same message_id.
    DeliveryActions &actions = engine->actions();
    ASSERT_EQ(actions.runAndWait(DeliveryActions::Action::Retry, {{deliveries[0].toStdString()}}).value(), 1);
    ASSERT_TRUE(waitForState(deliveries[0], "archived"));
    EXPECT_EQ(server.received().front().json("message_id"), "\"" + deliveries[0].toLatin1() + "\"");
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT attempts FROM deliveries WHERE id = '%1'").arg(deliveries[0])).toInt(),
              2);

    // Archive one and discard one without sending; the owner's choices are events.
    ASSERT_EQ(actions.runAndWait(DeliveryActions::Action::Archive, {{deliveries[1].toStdString()}}).value(), 1);
    ASSERT_EQ(actions.runAndWait(DeliveryActions::Action::Discard, {{deliveries[2].toStdString()}}).value(), 1);
    EXPECT_EQ(state(deliveries[1]), QStringLiteral("archived"));
    EXPECT_EQ(state(deliveries[2]), QStringLiteral("discarded"));
    EXPECT_EQ(
        db.scalar(QStringLiteral("SELECT count(*) FROM events WHERE origin = 'owner' AND reference_id = 'R1'")).toInt(),
        3);

    // Every parked one of the endpoint: only the last is left.
    DeliveryActions::Selection parked;
    parked.endpointId = db.scalar(QStringLiteral("SELECT id FROM endpoints")).toLongLong();
    ASSERT_EQ(actions.runAndWait(DeliveryActions::Action::Retry, parked).value(), 1);
    ASSERT_TRUE(waitForState(deliveries[3], "archived"));

    // Resend an archived one.
    ASSERT_EQ(actions.runAndWait(DeliveryActions::Action::Resend, {{deliveries[1].toStdString()}}).value(), 1);
    ASSERT_TRUE(server.waitFor(3));
    ASSERT_TRUE(waitForState(deliveries[1], "archived"));
    EXPECT_EQ(server.received().back().json("message_id"), "\"" + deliveries[1].toLatin1() + "\"");

    // An action that cannot apply changes nothing.
    EXPECT_EQ(actions.runAndWait(DeliveryActions::Action::Retry, {{deliveries[2].toStdString()}}).value(), 0);
    EXPECT_TRUE(waitUntil([&] {
        auto accepted = engine->counts().counts(QueueCounts::Queue::Accepted);
        return accepted[QStringLiteral("archived")] == 3 && accepted[QStringLiteral("discarded")] == 1 &&
               accepted[QStringLiteral("parked")] == 0;
    }));
}

TEST_F(Delivering, BulkActionsReportProgressAndCanBeCancelled)
{
    TestEndpoint server;
    server.answer("/orders", TestEndpoint::Answer{500});
    Endpoint e = endpoint("warehouse", server);
    e.state = EndpointState::Paused; // nothing goes out while they are set up
    start({e}, [](Configuration &c) { c.subscriptions[0].retries.allowed = false; });
    pushBurst(1500, "{}");
    ASSERT_TRUE(engine->writer()
                    .execute([](WriteTransaction &tx) {
                        return tx.exec(QStringLiteral("UPDATE deliveries SET state = 'parked', due_at = NULL"));
                    })
                    .ok());
    ASSERT_TRUE(
        engine->writer().execute([&](WriteTransaction &tx) { return engine->counts().load(tx.database()); }).ok());

    std::promise<std::pair<Status, int>> finished;
    std::vector<DeliveryActions::Progress> progress;
    std::shared_ptr<DeliveryActions::Run> run;
    std::mutex m;
    // Held while start() returns, so that the first progress, on the writer's thread, sees `run` made.
    std::unique_lock starting(m);
    run = engine->actions().start(
        DeliveryActions::Action::Archive, DeliveryActions::Selection{},
        [&](DeliveryActions::Progress p) {
            std::lock_guard lock(m);
            progress.push_back(p);
            if (progress.size() == 1)
                run->cancel();
        },
        [&](const Status &s, int changed) {
            finished.set_value({s, changed});
        });
    starting.unlock();
    const auto [status, changed] = finished.get_future().get();
    EXPECT_FALSE(status.ok());
    EXPECT_EQ(status.error().message, QStringLiteral("cancelled"));
    EXPECT_EQ(changed, 500) << "one chunk, then the cancel took";
    ASSERT_EQ(progress.size(), 1u);
    EXPECT_EQ(progress[0].total, 1500);
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT count(*) FROM deliveries WHERE state = 'archived'")).toInt(), 500);
    EXPECT_EQ(engine->counts().counts(QueueCounts::Queue::Accepted)[QStringLiteral("parked")], 1000);

    EXPECT_EQ(engine->actions().runAndWait(DeliveryActions::Action::Archive, {}).value(), 1000) << "the rest";
}

TEST_F(Delivering, TenThousandParkedDeliveriesAreNotHeldInMemory)
{
    // An endpoint that refuses connections: failures that cost the test process nothing to produce.
    Endpoint refused;
    refused.name = QStringLiteral("warehouse");
    refused.url = QStringLiteral("http://127.0.0.1:1");
    start({refused}, [](Configuration &c) { c.subscriptions[0].retries.allowed = false; });
    const std::string payload = R"({"order":{"number":"R1","note":")" + std::string(1000, 'x') + "\"}}";
    auto pushMany = [&](int count) {
        for (int done = 0; done < count; done += 500) {
            pushBurst(500, payload);
            // While they flow, the dispatcher holds its window and no more.
            for (const auto &h : engine->dispatcher()->health())
                EXPECT_LE(h.waiting + h.inFlight, 64 + 8);
        }
    };
    auto parkedCount = [&] {
        return db.scalar(QStringLiteral("SELECT count(*) FROM deliveries WHERE state = 'parked'")).toInt();
    };
    // Counted by what the dispatcher holds, not by the allocator: a window's worth while they flow, and
    // nothing of the parked ones once they are all parked.
    pushMany(10000);
    ASSERT_TRUE(waitUntil([&] { return parkedCount() == 10000; }, 60000)) << parkedCount();
    EXPECT_TRUE(waitUntil([&] {
        for (const auto &h : engine->dispatcher()->health()) {
            if (h.waiting != 0 || h.inFlight != 0)
                return false;
        }
        return true;
    }));
}

TEST(Discovery, ServicesBecomeSubscriptionsWithCheckedParameters)
{
    TestEndpoint server;
    QFile sample(QStringLiteral(TEST_DATA_DIR "/endpoint.json"));
    ASSERT_TRUE(sample.open(QIODevice::ReadOnly));
    server.answer("/endpoint.json", TestEndpoint::Answer{200, sample.readAll()});
    Result<EndpointDescription> d = Discovery::fetch(server.url());
    ASSERT_TRUE(d.ok()) << qPrintable(d.error().text());
    EXPECT_EQ(d->name, QStringLiteral("mailer"));
    ASSERT_EQ(d->services.size(), 2u);
    const ServiceDescription *confirmation = d->service(QStringLiteral("order_confirmation"));
    ASSERT_TRUE(confirmation);
    ASSERT_EQ(confirmation->parameters.size(), 3u);
    EXPECT_TRUE(confirmation->parameters[1].optional);
    EXPECT_EQ(confirmation->parameters[2].dataType, QStringLiteral("boolean"));

    Result<Subscription> s = Discovery::subscriptionFor(QStringLiteral("mailer"), *confirmation,
                                                        {{QStringLiteral("mailer.api_key"), "k-123"}});
    ASSERT_TRUE(s.ok()) << qPrintable(s.error().text());
    EXPECT_EQ(s->path, QStringLiteral("/order_confirmation"));
    EXPECT_EQ(s->messages, QStringList{QStringLiteral("order:new")});
    EXPECT_EQ(s->identifiers.size(), 1u);
    EXPECT_EQ(s->filters.size(), 1u);
    ASSERT_EQ(s->parameters.size(), 2u) << "the optional one left out, the default filled in";
    EXPECT_EQ(s->parameters[1].name, QStringLiteral("mailer.send_html"));
    EXPECT_EQ(s->parameters[1].value, true);

    Result<Subscription> missing = Discovery::subscriptionFor(QStringLiteral("mailer"), *confirmation, {});
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().field, QStringLiteral("parameters.mailer.api_key"));
    Result<Subscription> wrongType = Discovery::subscriptionFor(
        QStringLiteral("mailer"), *confirmation,
        {{QStringLiteral("mailer.api_key"), "k"}, {QStringLiteral("mailer.send_html"), "yes"}});
    ASSERT_FALSE(wrongType.ok());
    EXPECT_TRUE(wrongType.error().message.contains(QStringLiteral("must be a boolean")))
        << qPrintable(wrongType.error().text());

    ServiceParameter choice;
    choice.name = QStringLiteral("mode");
    choice.allowed = {"fast", "slow"};
    EXPECT_TRUE(choice.check("fast").ok());
    EXPECT_TRUE(choice.check("medium").error().message.contains(QStringLiteral("one of")));

    server.answer("/endpoint.json",
                  TestEndpoint::Answer{200, R"({"name":"x","services":[{"name":"a","path":"nope"}]})"});
    Result<EndpointDescription> bad = Discovery::fetch(server.url());
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().field, QStringLiteral("endpoint.json.services[0].path"));
    server.answer("/endpoint.json", TestEndpoint::Answer{404});
    EXPECT_FALSE(Discovery::fetch(server.url()).ok());
}

// An action from outside the engine (the command line) makes the dispatcher count the queues again. The count
// is made by the writer and put in place in commit order, so that a message committed while the count ran,
// whose commit callback had not yet moved the counts, is counted once: not twice, and not left out.
TEST(QueueCountsAfterAnOutsideAction, AreReadByTheWriterInCommitOrder)
{
    SQLITE_ONLY("commits go on while a commit's callback waits only where the log is flushed on a thread of its "
                "own; PostgreSQL's writer tells each job on its own thread, in order");
    test::TestDatabase db;
    Dispatcher::Options dispatch;
    dispatch.checkIntervalMs = 20;
    DatabaseWriter::Options writerOptions;
    writerOptions.maxBatchWeight = 1; // commits go on while a commit callback is held below
    Engine engine(Engine::Options{
        .databasePath = db.path(), .createDefaultStore = true, .dispatch = dispatch, .writer = writerOptions});
    ASSERT_TRUE(engine.start().ok());
    ASSERT_TRUE(waitUntil([&] { return engine.dispatcher()->actionsRevisionSeen() >= 0; }));

    // Hold the commit callbacks: what commits from now on is in the database, but not yet in the counts.
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    engine.writer().submit([](WriteTransaction &) { return Status{}; },
                           [released](const Status &) { released.wait(); });
    Result<Message> m = Message::parse(test::orderNewDocument());
    ASSERT_TRUE(m.ok());
    // The order and the shipment:ready the default consumer derives from its ready shipment.
    engine.ingest().take({IncomingMessage::from(*m, QStringLiteral("main"), "push")}, {});
    ASSERT_TRUE(waitUntil([&] { return db.scalar(QStringLiteral("SELECT count(*) FROM messages")).toInt() == 2; }));

    // The command line changes deliveries, with a writer of its own, and the dispatcher notices.
    test::TestWriter outside(db.path());
    ASSERT_TRUE(outside.start().ok());
    ASSERT_TRUE(outside
                    .execute([](WriteTransaction &tx) {
                        QSqlQuery q(tx.database());
                        return q.exec(QStringLiteral("UPDATE settings SET value = CAST(value AS INTEGER) + 1 "
                                                     "WHERE key = 'actions_revision'"))
                                   ? Status{}
                                   : Status(Error{QStringLiteral("cannot bump the revision")});
                    })
                    .ok());
    outside.stop();
    const qint64 bumped =
        db.scalar(QStringLiteral("SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'actions_revision'"))
            .toLongLong();
    ASSERT_TRUE(waitUntil([&] { return engine.dispatcher()->actionsRevisionSeen() == bumped; }));

    // Let the callbacks run; a job submitted now hears its outcome after all of them.
    release.set_value();
    ASSERT_TRUE(engine.writer().execute([](WriteTransaction &) { return Status{}; }).ok());
    const auto incoming = engine.counts().counts(QueueCounts::Queue::Incoming);
    const qint64 total = std::accumulate(incoming.begin(), incoming.end(), qint64(0),
                                         [](qint64 sum, const auto &entry) { return sum + entry.second; });
    EXPECT_EQ(total, 2) << "one message taken in and one derived, each counted once";
}

TEST(ParameterMerge, AReplysParametersReplaceThoseOfTheSameNameAndAddTheOthers)
{
    const std::string merged =
        mergeParameters(R"([{"name":"cursor","value":"a"},{"name":"warehouse.code","value":"W1"}])",
                        {{QStringLiteral("cursor"), Json("b")}, {QStringLiteral("since"), Json(7)}});
    EXPECT_EQ(Json::parse(merged), Json::parse(R"([{"name":"cursor","value":"b"},{"name":"warehouse.code","value":"W1"},
                                                   {"name":"since","value":7}])"));
    EXPECT_EQ(Json::parse(mergeParameters("not json", {{QStringLiteral("cursor"), Json("b")}})),
              Json::parse(R"([{"name":"cursor","value":"b"}])"))
        << "stored parameters that are not a list count as none";
}
