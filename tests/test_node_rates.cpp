// The rates of the other engines on a shared database: each publishes its running totals
// (storage/ThroughputStore), and each reads the others' and makes rates of them (queues/NodeRates).

#include "support/TestDatabase.h"
#include "support/TestWriter.h"

#include "queues/NodeRates.h"
#include "storage/ThroughputStore.h"
#include "storage/WriteTransaction.h"

#include <gtest/gtest.h>

using namespace engine;

namespace {

ThroughputStore::Sample sample(const std::string &holder, qint64 taken, qint64 delivered, qint64 failed, qint64 atMs)
{
    return {holder, {taken, delivered, failed}, atMs};
}

void publish(Writer &writer, const ThroughputStore::Sample &s, qint64 forgetAfterMs = 60'000)
{
    const Status ok =
        writer.execute([&](WriteTransaction &tx) { return ThroughputStore::publish(tx, s, forgetAfterMs); });
    ASSERT_TRUE(ok.ok()) << qPrintable(ok.error().text());
}

std::map<std::string, qint64> takenByHolder(const test::TestDatabase &db, const std::string &except, qint64 withinMs)
{
    auto connection = db.read();
    Result<std::vector<ThroughputStore::Sample>> read = ThroughputStore::read(connection->database(), except, withinMs);
    EXPECT_TRUE(read.ok()) << (read ? "" : qPrintable(read.error().text()));
    std::map<std::string, qint64> taken;
    if (read) {
        for (const ThroughputStore::Sample &s : read.value())
            taken[s.holder] = s.totals.taken;
    }
    return taken;
}

} // namespace

TEST(ThroughputStore, EachEngineHasOneRowThatItsNextSampleReplaces)
{
    test::TestDatabase db;
    test::TestWriter writer(db.path());
    ASSERT_TRUE(writer.start().ok());

    publish(writer, sample("a", 10, 20, 1, 1'000));
    publish(writer, sample("b", 5, 0, 0, 7'000));
    publish(writer, sample("a", 15, 30, 2, 3'000));
    EXPECT_EQ(takenByHolder(db, "nobody", 60'000), (std::map<std::string, qint64>{{"a", 15}, {"b", 5}}));
    EXPECT_EQ(takenByHolder(db, "a", 60'000), (std::map<std::string, qint64>{{"b", 5}})) << "not its own";

    auto connection = db.read();
    auto read = ThroughputStore::read(connection->database(), "b", 60'000);
    ASSERT_TRUE(read.ok());
    ASSERT_EQ(read.value().size(), 1u);
    EXPECT_EQ(read.value().front().totals.delivered, 30);
    EXPECT_EQ(read.value().front().totals.failed, 2);
    EXPECT_EQ(read.value().front().sampledAtMs, 3'000);
}

TEST(ThroughputStore, RowsNotRenewedAreLeftOutAndThenForgotten)
{
    test::TestDatabase db;
    test::TestWriter writer(db.path());
    ASSERT_TRUE(writer.start().ok());

    publish(writer, sample("gone", 1, 1, 1, 1'000));
    // Every row is older than a window of less than nothing, so such a read leaves it out, and another
    // engine's publication that keeps nothing older than that removes it.
    EXPECT_TRUE(takenByHolder(db, "nobody", -1).empty());
    EXPECT_EQ(takenByHolder(db, "nobody", 60'000).size(), 1u);
    publish(writer, sample("here", 2, 2, 2, 1'000), -1);
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT count(*) FROM node_throughput")).toInt(), 1);
    EXPECT_EQ(takenByHolder(db, "nobody", 60'000), (std::map<std::string, qint64>{{"here", 2}}));
}

TEST(NodeRates, EachEnginesRateIsWhatItsTotalsMovedBetweenItsLastTwoSamples)
{
    NodeRates rates;
    rates.observe({sample("a", 100, 300, 10, 10'000), sample("b", 0, 0, 0, 500)});
    EXPECT_EQ(rates.rates().taken, 0) << "one sample of each: no rate yet";

    rates.observe({sample("a", 300, 700, 10, 12'000), sample("b", 50, 0, 5, 1'000)});
    NodeRates::Rates r = rates.rates();
    EXPECT_DOUBLE_EQ(r.taken, 100.0 + 100.0); // a: 200 in 2 s; b: 50 in 0.5 s
    EXPECT_DOUBLE_EQ(r.delivered, 200.0);
    EXPECT_DOUBLE_EQ(r.failed, 10.0);

    // The same samples read again, as when a read comes before the engines' next round: the rates stand.
    rates.observe({sample("a", 300, 700, 10, 12'000), sample("b", 50, 0, 5, 1'000)});
    EXPECT_DOUBLE_EQ(rates.rates().taken, 200.0);

    // b is gone (it stopped, or died), and a took nothing more.
    rates.observe({sample("a", 300, 700, 10, 14'000)});
    r = rates.rates();
    EXPECT_DOUBLE_EQ(r.taken, 0);
    EXPECT_DOUBLE_EQ(r.delivered, 0);
    EXPECT_DOUBLE_EQ(r.failed, 0);

    // b again, under the same name: a first sample once more, not a difference from the old one.
    rates.observe({sample("a", 400, 700, 10, 15'000), sample("b", 10'000, 0, 0, 9'000)});
    EXPECT_DOUBLE_EQ(rates.rates().taken, 100.0);
}
