// The archive's retention rule against a real database: what it deletes and what it keeps, the queue counts
// it moves, and the alert it raises when a sweep fails.

#include "support/TestDatabase.h"
#include "support/WaitUntil.h"

#include "config/HubSettings.h"
#include "dispatch/DeliveryActions.h"
#include "ingest/Ingest.h"
#include "queues/QueueCounts.h"
#include "retention/Retention.h"
#include "storage/ConfigStore.h"
#include "storage/SettingsStore.h"
#include "support/TestWriter.h"

#include <gtest/gtest.h>

using namespace engine;

namespace {

constexpr qint64 day = 24 * 3600 * 1000;

class RetentionTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(writer.start().ok());
        Configuration config = test::basicConfiguration();
        Subscription orders;
        orders.endpoint = config.endpoints[0].name;
        orders.messages = {QStringLiteral("order:*")};
        config.subscriptions = {orders};
        ASSERT_TRUE(
            writer
                .execute([&](WriteTransaction &tx) {
                    return ConfigStore(tx.database(), tx.clock()).import(config, ConfigStore::ImportMode::Replace);
                })
                .ok());
    }

    // Takes one message in now; returns its id and its copy's id (empty when no subscription took it).
    std::pair<QString, QString> take(const char *type)
    {
        static int n = 0;
        Result<Message> m = Message::create(type, Json{{"order", {{"number", "R" + std::to_string(++n)}}}});
        EXPECT_TRUE(m.ok());
        Ingest ingest(writer, Clock::system(), Ingest::Limits{}, &counts);
        EXPECT_TRUE(ingest.takeAndWait({IncomingMessage::from(*m, QStringLiteral("main"), "push")}).ok());
        const QString id = QString::fromStdString(m->id());
        return {id, db.scalar(QStringLiteral("SELECT id FROM deliveries WHERE parent_id = '%1'").arg(id)).toString()};
    }

    void keepDays(int days)
    {
        ASSERT_TRUE(writer
                        .execute([&](WriteTransaction &tx) {
                            HubSettings settings;
                            settings.retentionDays = days;
                            return SettingsStore::save(tx, settings);
                        })
                        .ok());
    }

    int count(const char *table) const
    {
        return db.scalar(QStringLiteral("SELECT count(*) FROM %1").arg(QLatin1String(table))).toInt();
    }

    // The counts kept in memory, beside what the database holds.
    void expectCountsAsStored()
    {
        auto c = db.read();
        Result<QueueCounts::Table> stored = QueueCounts::read(c->database());
        ASSERT_TRUE(stored.ok());
        QueueCounts fresh;
        fresh.replace(*stored);
        for (QueueCounts::Queue queue : {QueueCounts::Queue::Incoming, QueueCounts::Queue::Accepted})
            EXPECT_EQ(counts.counts(queue), fresh.counts(queue));
    }

    test::TestDatabase db;
    test::TestWriter writer{db.path()};
    QueueCounts counts;
    // Retention looks from three days on, so that everything taken in today is past a one-day limit.
    ManualClock later{Clock::system().nowMs() + 3 * day};
};

TEST_F(RetentionTest, DeletesFinishedMessagesPastTheLimitAndKeepsWhatStillWaits)
{
    const auto archived = take("order:new");
    const auto discarded = take("order:new");
    const auto waiting = take("order:new");
    const auto skipped = take("user:new"); // no subscription: finished as it came in
    ASSERT_TRUE(skipped.second.isEmpty());
    DeliveryActions actions(writer, Clock::system(), &counts, nullptr, false);
    ASSERT_EQ(actions.runAndWait(DeliveryActions::Action::Archive, {{archived.second.toStdString()}}).value(), 1);
    ASSERT_EQ(actions.runAndWait(DeliveryActions::Action::Discard, {{discarded.second.toStdString()}}).value(), 1);
    const int events = count("events");
    ASSERT_GT(events, 0);

    Retention retention(writer, counts, later);
    keepDays(0);
    EXPECT_EQ(retention.sweep().value(), 0) << "no limit: nothing is deleted";
    EXPECT_EQ(count("messages"), 4);

    keepDays(1);
    EXPECT_EQ(retention.sweep().value(), 3);
    EXPECT_EQ(count("messages"), 1);
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT id FROM messages")).toString(), waiting.first);
    EXPECT_EQ(count("deliveries"), 1);
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT id FROM deliveries")).toString(), waiting.second);
    EXPECT_EQ(count("events"), 0) << "events past the limit go with the archive (" << events << " were there)";
    EXPECT_EQ(count("message_objects"), 1) << "only the message kept is still in its object's history";
    expectCountsAsStored();

    EXPECT_EQ(retention.sweep().value(), 0) << "what still waits is kept however old";
}

TEST_F(RetentionTest, ASweepThatFailsRaisesAnAlertUntilOneSucceeds)
{
    take("user:new");
    keepDays(1);
    ASSERT_TRUE(writer
                    .execute([](WriteTransaction &tx) {
                        return tx.exec(test::TestDatabase::failingTrigger(
                            QStringLiteral("keep"), QStringLiteral("BEFORE DELETE"), QStringLiteral("messages"),
                            QString(), QStringLiteral("disk on fire")));
                    })
                    .ok());

    Retention retention(writer, counts, later, 20);
    retention.start();
    const QString open = QStringLiteral(
        "SELECT detail FROM alerts WHERE kind = 'retention_failing' AND subject = 'archive' AND resolved_at IS NULL");
    ASSERT_TRUE(test::waitUntil([&] { return db.scalar(open).toString().contains(QStringLiteral("disk on fire")); }))
        << qPrintable(db.scalar(open).toString());
    EXPECT_EQ(count("messages"), 1);

    ASSERT_TRUE(writer
                    .execute([](WriteTransaction &tx) {
                        return tx.exec(
                            test::TestDatabase::dropTrigger(QStringLiteral("keep"), QStringLiteral("messages")));
                    })
                    .ok());
    ASSERT_TRUE(test::waitUntil([&] { return !db.scalar(open).isValid() && count("messages") == 0; }));
    retention.stop();
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT count(*) FROM alerts WHERE kind = 'retention_failing'")).toInt(), 1);
    expectCountsAsStored();
}

} // namespace
