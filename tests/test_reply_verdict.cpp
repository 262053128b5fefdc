// What an endpoint's answer means for its delivery, without sockets: each rule of ReplyVerdict on answers
// made by hand.

#include "dispatch/ReplyVerdict.h"

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
