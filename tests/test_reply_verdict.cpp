// The dispatcher's pure parts, without sockets: what an answer means for its delivery (ReplyVerdict) on
// answers made by hand, and its view of the configuration (Targets).

#include "dispatch/ReplyVerdict.h"
#include "dispatch/Targets.h"

#include <gtest/gtest.h>

using namespace engine;

namespace {

constexpr qint64 now = 1'790'000'000'000;

HttpSender::Response answer(long status, QByteArray body = "{}")
{
    HttpSender::Response r;
    r.transferred = true;
    r.status = status;
    r.body = std::move(body);
    return r;
}

ReplyContext context(bool retries = true)
{
    ReplyContext c;
    c.endpointUrl = "http://warehouse.example:8080/hub";
    c.retries.allowed = retries;
    c.retries.scheduleS = {0, 5, 300};
    c.attempt = 2; // the second attempt failing: next is the schedule's second delay
    c.nowMs = now;
    c.random = [] { return 0.5; }; // no jitter
    return c;
}

} // namespace

TEST(ReplyVerdict, Any2xxArchivesTheDelivery)
{
    for (long status : {200L, 201L, 204L, 299L}) {
        const ReplyVerdict v = judge(answer(status), context());
        EXPECT_TRUE(v.success) << status;
        EXPECT_EQ(v.to, DeliveryState::Archived) << status;
        EXPECT_EQ(v.status, int(status));
        EXPECT_TRUE(v.error.isEmpty());
    }
}

TEST(ReplyVerdict, AnAsynchronousReplySchedulesTheCallItAskedForOnTheEndpointsOwnHost)
{
    const ReplyVerdict v = judge(answer(202, R"({"delay": 30, "update_url": "/orders/status/7"})"), context());
    EXPECT_TRUE(v.success);
    EXPECT_EQ(v.to, DeliveryState::Scheduled);
    EXPECT_EQ(v.dueAtMs, now + 30'000);
    EXPECT_EQ(v.updateUrl, QStringLiteral("http://warehouse.example:8080/orders/status/7"));
    EXPECT_FALSE(v.badUpdateUrl);

    const ReplyVerdict elsewhere =
        judge(answer(202, R"({"delay": 30, "update_url": "http://attacker.example/x"})"), context());
    EXPECT_TRUE(elsewhere.success);
    EXPECT_EQ(elsewhere.to, DeliveryState::Archived) << "never called elsewhere; the delivery counts as done";
    EXPECT_TRUE(elsewhere.badUpdateUrl);
}

TEST(ReplyVerdict, AFailureIsRetriedAtTheSchedulesNextTimeWithWhatTheReplySaid)
{
    const ReplyVerdict v = judge(answer(500, R"({"error": "the warehouse is on fire"})"), context());
    EXPECT_FALSE(v.success);
    EXPECT_EQ(v.to, DeliveryState::Retrying);
    EXPECT_EQ(v.dueAtMs, now + 5'000);
    EXPECT_EQ(v.error, QStringLiteral("HTTP 500: the warehouse is on fire"));
    EXPECT_EQ(v.responseBody, QByteArray(R"({"error": "the warehouse is on fire"})"));
    EXPECT_FALSE(v.gone);

    const ReplyVerdict redirect = judge(answer(301, ""), context());
    EXPECT_FALSE(redirect.success) << "redirects are not followed, so they fail";
    EXPECT_EQ(redirect.error, QStringLiteral("HTTP 301"));
}

TEST(ReplyVerdict, OnlyTheFirst20KBOfAFailedReplyAreKept)
{
    const ReplyVerdict v = judge(answer(500, QByteArray(100 * 1024, 'x')), context());
    EXPECT_EQ(v.responseBody.size(), keptFailureBytes);
}

TEST(ReplyVerdict, NoAnswerAtAllFailsWithTheTransportsError)
{
    HttpSender::Response refused;
    refused.error = QStringLiteral("Could not connect to server");
    const ReplyVerdict v = judge(refused, context());
    EXPECT_FALSE(v.success);
    EXPECT_FALSE(v.status.has_value());
    EXPECT_EQ(v.error, QStringLiteral("Could not connect to server"));
    EXPECT_EQ(v.to, DeliveryState::Retrying);
}

TEST(ReplyVerdict, WithoutRetriesOrPastTheScheduleItIsParked)
{
    EXPECT_EQ(judge(answer(500), context(false)).to, DeliveryState::Parked);
    ReplyContext last = context();
    last.attempt = 4; // past the three delays
    const ReplyVerdict v = judge(answer(500), last);
    EXPECT_EQ(v.to, DeliveryState::Parked);
    EXPECT_FALSE(v.dueAtMs.has_value());
}

TEST(ReplyVerdict, RetryAfterIsHonouredOn429And503Only)
{
    HttpSender::Response busy = answer(503);
    busy.retryAfter = "120";
    EXPECT_EQ(judge(busy, context()).dueAtMs, now + 120'000) << "later than the schedule's 5 s";
    HttpSender::Response failing = answer(500);
    failing.retryAfter = "120";
    EXPECT_EQ(judge(failing, context()).dueAtMs, now + 5'000);
}

TEST(ReplyVerdict, A410SaysTheEndpointIsGone)
{
    const ReplyVerdict v = judge(answer(410), context());
    EXPECT_FALSE(v.success);
    EXPECT_TRUE(v.gone);
}

TEST(ReplyVerdict, AScheduledCallThatFailsIsRetriedAtTheSameAddress)
{
    ReplyContext scheduled = context();
    scheduled.updateUrl = QStringLiteral("http://warehouse.example:8080/orders/status/7");
    const ReplyVerdict v = judge(answer(500), scheduled);
    EXPECT_EQ(v.to, DeliveryState::Retrying);
    EXPECT_EQ(v.updateUrl, scheduled.updateUrl);
}

TEST(Targets, TheDispatchersViewOfTheConfiguration)
{
    Result<Configuration> config = Configuration::fromJson(Json::parse(R"({
      "stores": [{"id": "main", "name": "Main", "push_token": "tok-0123456789abcdef"}],
      "endpoints": [{"name": "warehouse", "url": "http://127.0.0.1:9001", "token": "wh-token",
                     "signing_secret": "whsec_dGVzdC1zaWduaW5nLXNlY3JldC0wMTIz", "timeout_s": 12, "concurrency": 3},
                    {"name": "mailer", "url": "http://127.0.0.1:9002", "paused": true}],
      "subscriptions": [{"endpoint": "warehouse", "messages": ["order:new"], "path": "/orders",
                         "parameters": [{"name": "warehouse.code", "value": "W1"}]},
                        {"endpoint": "mailer", "messages": ["order:canceled"], "retries": {"allowed": false}}]
    })"));
    ASSERT_TRUE(config.ok()) << qPrintable(config.error().text());
    // Ids as the database would give them.
    for (size_t i = 0; i < config->endpoints.size(); ++i)
        config->endpoints[i].id = qint64(i + 1);
    for (size_t i = 0; i < config->subscriptions.size(); ++i)
        config->subscriptions[i].id = qint64(10 + i);

    const Targets t = Targets::from(*config);
    ASSERT_EQ(t.endpoints.size(), 2u);
    const EndpointTarget &warehouse = t.endpoints.at(1);
    EXPECT_EQ(warehouse.url, QByteArray("http://127.0.0.1:9001"));
    EXPECT_EQ(warehouse.token, QByteArray("wh-token"));
    EXPECT_FALSE(warehouse.signingKey.isEmpty());
    EXPECT_EQ(warehouse.timeoutMs, 12'000);
    EXPECT_EQ(warehouse.concurrency, 3);
    EXPECT_TRUE(t.isActive(1));
    EXPECT_FALSE(t.isActive(2)) << "paused";
    EXPECT_FALSE(t.isActive(99)) << "not in the configuration";
    EXPECT_TRUE(t.endpoints.at(2).signingKey.isEmpty());

    ASSERT_EQ(t.subscriptions.size(), 2u);
    EXPECT_EQ(t.subscriptions.at(10).endpointId, 1);
    EXPECT_EQ(t.subscriptions.at(10).path, QByteArray("/orders"));
    EXPECT_EQ(Json::parse(t.subscriptions.at(10).parameters),
              Json::parse(R"([{"name":"warehouse.code","value":"W1"}])"));
    EXPECT_FALSE(t.subscriptions.at(11).retries.allowed);

    config->subscriptions[0].endpoint = QStringLiteral("gone");
    EXPECT_EQ(Targets::from(*config).subscriptions.count(10), 0u) << "no endpoint, no target";
}
