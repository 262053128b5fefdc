// The database: versioned migrations (an old file is upgraded, a newer one refused), the pragmas durability
// depends on, and the writer's group commit with per-job failure.

#include "support/FreePort.h"
#include "support/TestDatabase.h"

#include "storage/DatabaseReader.h"
#include "storage/DeliveryStore.h"
#include "storage/SqlError.h"
#include "storage/sqlite/Connection.h"
#include "storage/sqlite/DatabaseWriter.h"
#include "storage/sqlite/Migrator.h"
#include "storage/sqlite/Schema.h"
#include "storage/sqlite/WalSyncer.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>

#include <gtest/gtest.h>

#include <atomic>
#include <future>

using namespace engine;

namespace {

std::unique_ptr<Connection> openWrite(const QString &path)
{
    auto c = Connection::open(path, Connection::Mode::Write);
    EXPECT_TRUE(c.ok()) << (c.ok() ? "" : qPrintable(c.error().text()));
    return c.ok() ? std::move(c).value() : nullptr;
}

Status insertEvent(WriteTransaction &tx, const QString &subject)
{
    QSqlQuery q(tx.database());
    q.prepare(QStringLiteral("INSERT INTO events (level, subject, origin, first_seen_at, last_seen_at) "
                             "VALUES ('info', ?, 'test', 0, 0)"));
    q.addBindValue(subject);
    if (!q.exec())
        return sqlError(QStringLiteral("insert"), q.lastError());
    return {};
}

// Holds the writer inside a job until the returned promise is set, so that the jobs submitted meanwhile
// queue up behind it.
std::promise<void> holdWriter(DatabaseWriter &writer)
{
    std::promise<void> release;
    auto released = std::make_shared<std::shared_future<void>>(release.get_future().share());
    auto entered = std::make_shared<std::promise<void>>();
    writer.submit([released, entered](WriteTransaction &) -> Status {
        entered->set_value();
        released->wait();
        return {};
    });
    entered->get_future().wait();
    return release;
}

} // namespace

TEST(Migrations, AFreshFileGetsTheLatestSchema)
{
    test::TestDatabase db;
    auto c = openWrite(db.path());
    ASSERT_TRUE(Migrator::migrate(*c).ok());
    EXPECT_EQ(Migrator::currentVersion(*c).value(), Schema::latestVersion());
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name IN "
                                       "('stores', 'messages', 'deliveries', 'attempts', 'events', 'alerts')"))
                  .toInt(),
              6);
    // Migrating again is a no-op.
    ASSERT_TRUE(Migrator::migrate(*c).ok());
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT count(*) FROM schema_version")).toInt(), 1);
}

TEST(Migrations, AnOldFileIsUpgradedAndKeepsItsData)
{
    test::TestDatabase db;
    {
        auto c = openWrite(db.path());
        ASSERT_TRUE(Migrator::migrate(*c, 1).ok());
        EXPECT_EQ(Migrator::currentVersion(*c).value(), 1);
        ASSERT_TRUE(c->exec(QStringLiteral("INSERT INTO stores (id, name, push_token, created_at) "
                                           "VALUES ('old', 'Old store', 'abcdefghijklmnopqrstuv', 1)"))
                        .ok());
        QSqlQuery q(c->database());
        EXPECT_FALSE(q.exec(QStringLiteral("SELECT count(*) FROM messages"))) << "version 1 has no messages table";
    }
    DatabaseWriter writer(db.path());
    ASSERT_TRUE(writer.start().ok());
    writer.stop();
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT version FROM schema_version")).toInt(), Schema::latestVersion());
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT name FROM stores WHERE id = 'old'")).toString(),
              QStringLiteral("Old store"));
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT count(*) FROM messages")).toInt(), 0);
}

// Version 4 replaced the index of deliveries by parent with a range of ids on each message: messages stored
// before it get theirs from their copies, and their copies are still found, the only ones found.
TEST(Migrations, MessagesFromVersion3GetTheRangeOfTheirCopies)
{
    test::TestDatabase db;
    {
        auto c = openWrite(db.path());
        ASSERT_TRUE(Migrator::migrate(*c, 3).ok());
        for (const char *sql :
             {"INSERT INTO messages (id, type, state, source, received_at, payload) VALUES "
              "('m1', 'order:new', 'accepted', 'push', 1, '{}'), ('m2', 'order:new', 'accepted', 'push', 2, '{}'), "
              "('m3', 'order:new', 'skipped', 'push', 3, '{}')",
              // m2's copy lies between two of m1's.
              "INSERT INTO deliveries (id, parent_id, subscription_id, endpoint_id, type, state, created_at) VALUES "
              "('d1', 'm1', 1, 1, 'order:new', 'archived', 1), ('d2', 'm2', 1, 1, 'order:new', 'pending', 2), "
              "('d3', 'm1', 2, 2, 'order:new', 'parked', 1), ('d4', 'm1', 3, 3, 'order:new', 'pending', 1)"})
            ASSERT_TRUE(c->exec(QLatin1String(sql)).ok()) << sql;
    }
    DatabaseWriter writer(db.path());
    ASSERT_TRUE(writer.start().ok());
    writer.stop();
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT first_copy_id || '..' || last_copy_id FROM messages WHERE id = 'm1'"))
                  .toString(),
              QStringLiteral("d1..d4"));
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT first_copy_id || '..' || last_copy_id FROM messages WHERE id = 'm2'"))
                  .toString(),
              QStringLiteral("d2..d2"));
    EXPECT_TRUE(db.scalar(QStringLiteral("SELECT first_copy_id FROM messages WHERE id = 'm3'")).isNull());
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = 'deliveries_parent'")).toInt(),
              0);

    auto reader = db.read();
    Result<std::vector<Delivery>> copies = DeliveryStore::copiesOf(reader->database(), "m1");
    ASSERT_TRUE(copies.ok());
    std::vector<std::string> ids;
    for (const Delivery &d : *copies)
        ids.push_back(d.id);
    EXPECT_EQ(ids, (std::vector<std::string>{"d1", "d3", "d4"}));
    EXPECT_TRUE(DeliveryStore::copiesOf(reader->database(), "m3")->empty());
}

TEST(Migrations, ANewerFileIsRefusedNamingBothVersions)
{
    test::TestDatabase db;
    {
        auto c = openWrite(db.path());
        ASSERT_TRUE(Migrator::migrate(*c).ok());
        ASSERT_TRUE(
            c->exec(QStringLiteral("UPDATE schema_version SET version = %1").arg(Schema::latestVersion() + 4)).ok());
    }
    DatabaseWriter writer(db.path());
    Status s = writer.start();
    ASSERT_FALSE(s.ok());
    const QString text = s.error().message;
    EXPECT_TRUE(text.contains(QStringLiteral("schema version %1").arg(Schema::latestVersion() + 4)))
        << qPrintable(text);
    EXPECT_TRUE(text.contains(QStringLiteral("(version %1)").arg(Schema::latestVersion()))) << qPrintable(text);
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT version FROM schema_version")).toInt(), Schema::latestVersion() + 4)
        << "a refused file is left as it was";
}

TEST(Migrations, FilesThatAreNotOursAreRefused)
{
    test::TestDatabase db;
    {
        QFile junk(db.path());
        ASSERT_TRUE(junk.open(QIODevice::WriteOnly));
        junk.write(QByteArray(8192, 'x'));
    }
    DatabaseWriter junkWriter(db.path());
    Status junk = junkWriter.start();
    ASSERT_FALSE(junk.ok());
    EXPECT_TRUE(junk.error().message.contains(QStringLiteral("is not an Integrator database")))
        << qPrintable(junk.error().message);

    const QString other = db.dir() + QStringLiteral("/other.db");
    {
        auto c = openWrite(other);
        ASSERT_TRUE(c->exec(QStringLiteral("CREATE TABLE customers (id INTEGER)")).ok());
    }
    DatabaseWriter otherWriter(other);
    Status foreign = otherWriter.start();
    ASSERT_FALSE(foreign.ok());
    EXPECT_TRUE(foreign.error().message.contains(QStringLiteral("no schema_version")))
        << qPrintable(foreign.error().message);
}

namespace {

// A database of the latest schema with a few hundred pages of events, closed and checkpointed: everything
// in the file itself.
void fillWithEvents(const QString &path)
{
    DatabaseWriter writer(path);
    ASSERT_TRUE(writer.start().ok());
    ASSERT_TRUE(writer
                    .execute([](WriteTransaction &tx) -> Status {
                        for (int i = 0; i < 3000; ++i) {
                            if (Status ok = insertEvent(tx, QStringLiteral("event %1 ").arg(i).repeated(20)); !ok)
                                return ok;
                        }
                        return {};
                    })
                    .ok());
    writer.stop();
}

QByteArray contents(const QString &path)
{
    QFile file(path);
    EXPECT_TRUE(file.open(QIODevice::ReadOnly));
    return file.readAll();
}

// What a refusal of a damaged file must say: what is wrong and what to do.
void expectRefusalSaysWhatToDo(const Status &status)
{
    ASSERT_FALSE(status.ok());
    const QString text = status.error().message;
    EXPECT_TRUE(text.contains(QLatin1String("Nothing was written to it"))) << qPrintable(text);
    EXPECT_TRUE(text.contains(QLatin1String("restore"))) << qPrintable(text);
    EXPECT_TRUE(text.contains(QLatin1String("--db"))) << qPrintable(text);
}

} // namespace

TEST(DamagedFile, ATruncatedFileIsRefusedAndLeftAsItWas)
{
    test::TestDatabase db;
    fillWithEvents(db.path());
    QByteArray whole = contents(db.path());
    ASSERT_GT(whole.size(), 100 * 8192);
    for (const qsizetype keep : {whole.size() / 2, qsizetype(8192 * 3), qsizetype(50)}) {
        SCOPED_TRACE(keep);
        {
            QFile file(db.path());
            ASSERT_TRUE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            ASSERT_EQ(file.write(whole.left(keep)), keep);
        }
        DatabaseWriter writer(db.path());
        const Status started = writer.start();
        expectRefusalSaysWhatToDo(started);
        EXPECT_TRUE(started.error().message.contains(QLatin1String("is damaged")))
            << qPrintable(started.error().message);
        EXPECT_EQ(contents(db.path()), whole.left(keep)) << "a refused file is left as it was";
    }
}

TEST(DamagedFile, AnEmptyFileIsNotTakenForANewDatabase)
{
    test::TestDatabase db;
    fillWithEvents(db.path());
    {
        QFile file(db.path());
        ASSERT_TRUE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    }
    DatabaseWriter writer(db.path());
    const Status started = writer.start();
    expectRefusalSaysWhatToDo(started);
    EXPECT_TRUE(started.error().message.contains(QLatin1String("empty file"))) << qPrintable(started.error().message);
    EXPECT_EQ(QFileInfo(db.path()).size(), 0) << "a refused file is left as it was";
}

TEST(DamagedFile, GarbageInPagesNothingReadsAtStartIsFoundBeforeAnythingIsWritten)
{
    test::TestDatabase db;
    fillWithEvents(db.path());
    QByteArray damaged = contents(db.path());
    // A page in the middle of the events, far from the schema on page 1, which opening reads.
    const qsizetype page = damaged.size() / 8192 / 2;
    damaged.replace(page * 8192, 8192, QByteArray(8192, 'x'));
    {
        QFile file(db.path());
        ASSERT_TRUE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        ASSERT_EQ(file.write(damaged), damaged.size());
    }
    {
        // The schema still reads: only looking at every page finds this.
        auto c = Connection::open(db.path(), Connection::Mode::Read);
        ASSERT_TRUE(c.ok()) << qPrintable(c.error().text());
    }
    DatabaseWriter writer(db.path());
    const Status started = writer.start();
    expectRefusalSaysWhatToDo(started);
    EXPECT_TRUE(started.error().message.contains(QLatin1String("is damaged"))) << qPrintable(started.error().message);
    EXPECT_EQ(contents(db.path()), damaged) << "a refused file is left as it was";
}

TEST(DamagedFile, TheEngineRefusesToStartAndSaysWhatToDo)
{
    test::TestDatabase db;
    fillWithEvents(db.path());
    QByteArray whole = contents(db.path());
    {
        QFile file(db.path());
        ASSERT_TRUE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        ASSERT_EQ(file.write(whole.left(whole.size() / 3)), whole.size() / 3);
    }
    QProcess engine;
    engine.start(QStringLiteral(INTEGRATOR_BINARY),
                 {QStringLiteral("--headless"), QStringLiteral("--db"), db.path(), QStringLiteral("--listen"),
                  QStringLiteral("127.0.0.1:%1").arg(test::freePort())});
    ASSERT_TRUE(engine.waitForFinished(60000));
    EXPECT_NE(engine.exitCode(), 0);
    const QString err = QString::fromUtf8(engine.readAllStandardError());
    EXPECT_TRUE(err.contains(db.path() + QLatin1String(" is damaged"))) << qPrintable(err);
    EXPECT_TRUE(err.contains(QLatin1String("restore it from a backup"))) << qPrintable(err);
    EXPECT_EQ(contents(db.path()), whole.left(whole.size() / 3)) << "a refused file is left as it was";
}

TEST(Database, DurabilitySettings)
{
    test::TestDatabase db;
    DatabaseWriter writer(db.path());
    ASSERT_TRUE(writer.start().ok());
    QString journal;
    int synchronous = -1;
    ASSERT_TRUE(writer
                    .execute([&](WriteTransaction &tx) -> Status {
                        QSqlQuery q(tx.database());
                        q.exec(QStringLiteral("PRAGMA journal_mode"));
                        q.next();
                        journal = q.value(0).toString();
                        q.exec(QStringLiteral("PRAGMA synchronous"));
                        q.next();
                        synchronous = q.value(0).toInt();
                        return {};
                    })
                    .ok());
    EXPECT_EQ(journal, QStringLiteral("wal"));
    EXPECT_EQ(synchronous, 1) << "NORMAL: a commit writes the log, and WalSyncer flushes it before acknowledging";
    EXPECT_EQ(QFile::permissions(db.path()) & (QFileDevice::ReadOther | QFileDevice::ReadGroup), 0)
        << "the file holds secrets";
}

TEST(WalSyncer, CallbacksRunInOrderAndHearWhetherTheLogWasFlushed)
{
    test::TestDatabase db;
    const QString wal = db.dir() + QStringLiteral("/some.db-wal");
    QFile file(wal);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("frames");
    file.close();

    WalSyncer syncer(wal);
    syncer.start();
    std::mutex mutex;
    std::vector<std::pair<int, bool>> heard;
    for (int i = 0; i < 50; ++i) {
        syncer.submit(
            [&, i](const Status &durable) {
                std::lock_guard lock(mutex);
                heard.emplace_back(i, durable.ok());
            },
            i % 7 != 3);
    }
    syncer.stop();
    ASSERT_EQ(heard.size(), 50u);
    for (int i = 0; i < 50; ++i)
        EXPECT_EQ(heard[size_t(i)], std::make_pair(i, true));
}

TEST(WalSyncer, ALogThatCannotBeFlushedFailsWhatWaitedForIt)
{
    test::TestDatabase db;
    const QString wal = db.dir() + QStringLiteral("/missing/some.db-wal");
    WalSyncer syncer(wal);
    syncer.start();
    std::promise<Status> flushed, inLine;
    syncer.submit([&](const Status &durable) { flushed.set_value(durable); });
    syncer.submit([&](const Status &durable) { inLine.set_value(durable); }, false);
    const Status failed = flushed.get_future().get();
    ASSERT_FALSE(failed.ok());
    EXPECT_TRUE(failed.error().message.contains(wal)) << qPrintable(failed.error().message);
    EXPECT_TRUE(failed.error().runtimeFailure);
    EXPECT_TRUE(inLine.get_future().get().ok()) << "a callback that needed no flush is not failed by one";
    syncer.stop();
}

// Only what is on disk is acknowledged: with its log gone, a committed job is told it failed.
TEST(DatabaseWriter, AJobWhoseLogCannotBeFlushedIsNotAcknowledged)
{
    test::TestDatabase db;
    DatabaseWriter writer(db.path());
    ASSERT_TRUE(writer.start().ok());
    ASSERT_TRUE(writer.execute([](WriteTransaction &tx) { return insertEvent(tx, QStringLiteral("before")); }).ok());
    ASSERT_TRUE(QFile::remove(db.path() + QStringLiteral("-wal")));
    const Status after = writer.execute([](WriteTransaction &tx) { return insertEvent(tx, QStringLiteral("after")); });
    ASSERT_FALSE(after.ok());
    EXPECT_TRUE(after.error().message.contains(QStringLiteral("write-ahead log"))) << qPrintable(after.error().message);
    writer.stop();
}

TEST(DatabaseWriter, JobsThatQueueTogetherShareOneTransaction)
{
    test::TestDatabase db;
    DatabaseWriter writer(db.path());
    ASSERT_TRUE(writer.start().ok());

    std::promise<void> release = holdWriter(writer);

    constexpr int jobs = 50;
    std::atomic<int> done{0};
    for (int i = 0; i < jobs; ++i) {
        writer.submit([i](WriteTransaction &tx) { return insertEvent(tx, QStringLiteral("job %1").arg(i)); },
                      [&](const Status &s) {
                          EXPECT_TRUE(s.ok());
                          ++done;
                      });
    }
    const qint64 before = writer.committedTransactions();
    release.set_value();
    writer.stop();
    EXPECT_EQ(done.load(), jobs);
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT count(*) FROM events")).toInt(), jobs);
    EXPECT_EQ(writer.committedTransactions() - before, 2) << "the holding job's transaction, then one for all 50";
    EXPECT_EQ(writer.committedJobs(), jobs + 1);
}

TEST(DatabaseWriter, AFailingJobFailsAloneAndLeavesNothing)
{
    test::TestDatabase db;
    DatabaseWriter writer(db.path());
    ASSERT_TRUE(writer.start().ok());

    std::promise<void> release = holdWriter(writer);

    std::vector<std::promise<Status>> outcomes(5);
    for (int i = 0; i < 5; ++i) {
        writer.submit(
            [i](WriteTransaction &tx) -> Status {
                if (Status ok = insertEvent(tx, QStringLiteral("job %1").arg(i)); !ok)
                    return ok;
                if (i == 2)
                    return Error{QStringLiteral("job 2 refuses")};
                return {};
            },
            [&outcomes, i](const Status &s) { outcomes[i].set_value(s); });
    }
    release.set_value();
    for (int i = 0; i < 5; ++i) {
        Status s = outcomes[i].get_future().get();
        EXPECT_EQ(s.ok(), i != 2) << i;
    }
    writer.stop();
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT count(*) FROM events")).toInt(), 4);
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT count(*) FROM events WHERE subject = 'job 2'")).toInt(), 0);
}

TEST(DatabaseWriter, WorkAfterStopIsRefused)
{
    test::TestDatabase db;
    DatabaseWriter writer(db.path());
    ASSERT_TRUE(writer.start().ok());
    writer.stop();
    Status s = writer.execute([](WriteTransaction &) -> Status { return {}; });
    ASSERT_FALSE(s.ok());
    EXPECT_TRUE(s.error().runtimeFailure);
}

TEST(DatabaseWriter, StopFinishesQueuedWorkAndLeavesAnEmptyLog)
{
    test::TestDatabase db;
    DatabaseWriter writer(db.path());
    ASSERT_TRUE(writer.start().ok());
    for (int i = 0; i < 200; ++i)
        writer.submit([i](WriteTransaction &tx) { return insertEvent(tx, QStringLiteral("e%1").arg(i)); });
    writer.stop();
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT count(*) FROM events")).toInt(), 200);
    EXPECT_EQ(QFileInfo(db.path() + QStringLiteral("-wal")).size(), 0);
}

TEST(DatabaseReader, StopAbandonsTheReadThatRunsAndDropsTheQueuedOnes)
{
    test::TestDatabase db;
    DatabaseWriter writer(db.path());
    ASSERT_TRUE(writer.start().ok());
    DatabaseReader reader(db.path());
    ASSERT_TRUE(reader.start().ok());

    // A read that would never end on its own, as a count over a huge archive all but never does.
    std::promise<void> started;
    std::promise<QString> ended;
    reader.post([&](ReadConnection &c) {
        QSqlQuery q(c.database());
        started.set_value();
        const bool ok = q.exec(
            QStringLiteral("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n"));
        ended.set_value(ok ? QStringLiteral("finished") : q.lastError().databaseText());
    });
    bool queuedRan = false;
    reader.post([&](ReadConnection &) { queuedRan = true; });
    started.get_future().wait();

    reader.stop(); // returns only once the thread is joined
    EXPECT_TRUE(ended.get_future().get().contains(QStringLiteral("interrupted")));
    EXPECT_FALSE(queuedRan) << "what was queued behind it is dropped";
}
