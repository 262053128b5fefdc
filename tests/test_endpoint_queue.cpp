// One endpoint's line in the dispatcher's memory, on a real database: what a refill reads and claims, when
// an offer of a new delivery is taken straight in, and what a committed outcome releases.

#include "support/TestDatabase.h"

#include "dispatch/EndpointQueue.h"
#include "storage/DueDeliveries.h"
#include "support/TestWriter.h"

#include <gtest/gtest.h>

using namespace engine;

namespace {

constexpr qint64 now = 1'790'000'000'000;

class EndpointQueueTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(writer.start().ok());
        Result<std::unique_ptr<DueDeliveries>> opened = DueDeliveries::open(db.path());
        ASSERT_TRUE(opened.ok());
        reads = std::move(opened).value();
        known[7] = SubscriptionTarget{1, "/orders", "[]", {}};
    }

    // A message with one copy to endpoint 1 on subscription 7, in `state`, due at `dueAt`.
    void deliveryInDatabase(const QString &id, const QString &state, qint64 dueAt)
    {
        Status ok = writer.execute([&](WriteTransaction &tx) -> Status {
            if (Status s = tx.exec(QStringLiteral("INSERT INTO messages (id, store_id, type, state, source, "
                                                  "received_at, payload, first_copy_id, last_copy_id) VALUES "
                                                  "('m%1', 'main', 'order:new', 'accepted', 'push', %2, '{}', '%1', "
                                                  "'%1')")
                                       .arg(id)
                                       .arg(now));
                !s)
                return s;
            return tx.exec(QStringLiteral("INSERT INTO deliveries (id, parent_id, store_id, subscription_id, "
                                          "endpoint_id, type, state, due_at, created_at) VALUES ('%1', 'm%1', 'main', "
                                          "7, 1, 'order:new', '%2', %3, %4)")
                               .arg(id, state)
                               .arg(dueAt)
                               .arg(now));
        });
        ASSERT_TRUE(ok.ok()) << qPrintable(ok.error().text());
    }

    NewDelivery offered(const std::string &id)
    {
        return {id, "m" + id, "main", "order:new", 7, 1, 0, std::make_shared<const std::string>("{}")};
    }

    std::vector<std::string> drain()
    {
        std::vector<std::string> ids;
        while (queue.hasReady())
            ids.push_back(queue.next().id);
        return ids;
    }

    test::TestDatabase db;
    test::TestWriter writer{db.path()};
    std::unique_ptr<DueDeliveries> reads;
    EndpointQueue::Claims claims;
    EndpointQueue::KnownSubscriptions known;
    const EndpointQueue::Limits limits{4, 2, 1 << 20};
    EndpointQueue queue{1, 5};
    bool unknown = false;
};

} // namespace

TEST_F(EndpointQueueTest, ARefillReadsWhatIsDueInDueOrderAndClaimsIt)
{
    deliveryInDatabase(QStringLiteral("d3"), QStringLiteral("pending"), now - 10);
    deliveryInDatabase(QStringLiteral("d1"), QStringLiteral("retrying"), now - 30);
    deliveryInDatabase(QStringLiteral("d2"), QStringLiteral("pending"), now - 20);
    deliveryInDatabase(QStringLiteral("later"), QStringLiteral("retrying"), now + 5'000);
    deliveryInDatabase(QStringLiteral("parked"), QStringLiteral("parked"), now - 40);

    queue.refill(now, true, *reads, limits, claims, known, unknown);
    EXPECT_EQ(claims, (EndpointQueue::Claims{"d1", "d2", "d3"}));
    EXPECT_EQ(queue.nextDueAt(), now + 5'000); // the retry not yet due is looked at when it is
    EXPECT_FALSE(unknown);

    // What is claimed is not read again, even by a refill that is asked for.
    queue.wantRefill();
    queue.refill(now, true, *reads, limits, claims, known, unknown);
    EXPECT_EQ(drain(), (std::vector<std::string>{"d1", "d2", "d3"}));
}

TEST_F(EndpointQueueTest, AnOfferIsTakenOnlyOnceEveryPendingDeliveryIsInMemory)
{
    deliveryInDatabase(QStringLiteral("old"), QStringLiteral("pending"), now - 10);
    // Before any refill the database may hold pending ones: the offer waits for the refill to find it.
    EXPECT_FALSE(queue.offer(offered("new1"), true, limits, claims, known, unknown));

    queue.refill(now, true, *reads, limits, claims, known, unknown);
    EXPECT_EQ(claims.count("old"), 1u);
    EXPECT_TRUE(queue.offer(offered("new2"), true, limits, claims, known, unknown));
    EXPECT_FALSE(queue.offer(offered("new2"), true, limits, claims, known, unknown)) << "claimed already";
    // A paused endpoint takes none.
    EXPECT_FALSE(queue.offer(offered("new3"), false, limits, claims, known, unknown));
}

TEST_F(EndpointQueueTest, AnEndpointNotYetAnsweringHoldsNoMoreThanItsWindow)
{
    queue.refill(now, true, *reads, limits, claims, known, unknown); // nothing due: caught up
    for (int i = 0; i < 4; ++i)
        EXPECT_TRUE(queue.offer(offered("w" + std::to_string(i)), true, limits, claims, known, unknown));
    EXPECT_FALSE(queue.offer(offered("w4"), true, limits, claims, known, unknown));
    EXPECT_EQ(queue.readyCount(), 4);

    // The refused offer leaves it to the database; once the line is sent and the refill has read again, and
    // the endpoint answers, offers may go beyond the window, up to the offered limit.
    EXPECT_EQ(drain().size(), 4u);
    queue.health.success(3, now);
    queue.refill(now, true, *reads, limits, claims, known, unknown);
    for (int i = 5; i < 11; ++i)
        EXPECT_TRUE(queue.offer(offered("w" + std::to_string(i)), true, limits, claims, known, unknown)) << i;
    EXPECT_FALSE(queue.offer(offered("w11"), true, limits, claims, known, unknown));
}

TEST_F(EndpointQueueTest, AReleaseDropsTheClaimAndNotesWhenTheRetryIsDue)
{
    queue.refill(now, true, *reads, limits, claims, known, unknown);
    ASSERT_TRUE(queue.offer(offered("x"), true, limits, claims, known, unknown));
    QueuedDelivery sent = queue.next();
    EXPECT_EQ(claims.count("x"), 1u) << "in flight it stays claimed";
    queue.release(sent.id, now + 60'000, true, claims);
    EXPECT_EQ(claims.count("x"), 0u);
    EXPECT_EQ(queue.nextDueAt(), now + 60'000);
}

TEST_F(EndpointQueueTest, ADeliveryForASubscriptionNotYetKnownIsReported)
{
    known.clear();
    deliveryInDatabase(QStringLiteral("d"), QStringLiteral("pending"), now - 1);
    queue.refill(now, true, *reads, limits, claims, known, unknown);
    EXPECT_TRUE(unknown);
}
