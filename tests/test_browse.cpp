// Browse: the pages the Messages view shows, here the archive filtered by type, which takes one of two
// ways through the database depending on how common the type is; both must give the same rows.

#include "support/TestDatabase.h"

#include "storage/AbandonWhen.h"
#include "storage/Browse.h"
#include "storage/SqlError.h"
#include "storage/WriteTransaction.h"
#include "support/TestWriter.h"

#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

#include <gtest/gtest.h>

using namespace engine;

namespace {

// Delivery ids that sort as they were made, as ObjectIds do.
QString deliveryId(int n)
{
    return QStringLiteral("%1").arg(n, 24, 10, QLatin1Char('0'));
}

// `count` messages; every `rareEvery`-th is order:refunded, the rest order:new. Each has two copies, to
// endpoints 1 and 2: archived, except that every third message's copy to endpoint 2 is still parked.
void fill(const QString &path, int count, int rareEvery)
{
    test::TestWriter writer(path);
    ASSERT_TRUE(writer.start().ok());
    Status s = writer.execute([&](WriteTransaction &tx) -> Status {
        QSqlQuery m(tx.database()), d(tx.database());
        // Each message carries the range of its two copies' ids, as the engine writes it.
        m.prepare(
            QStringLiteral("INSERT INTO messages (id, store_id, type, state, source, received_at, payload, "
                           "first_copy_id, last_copy_id) VALUES (?, 'main', ?, 'accepted', 'push', ?, '{}', ?, ?)"));
        d.prepare(QStringLiteral("INSERT INTO deliveries (id, parent_id, store_id, subscription_id, endpoint_id, type, "
                                 "state, created_at) VALUES (?, ?, 'main', ?, ?, ?, ?, ?)"));
        int copy = 0;
        for (int i = 0; i < count; ++i) {
            const QString id = QStringLiteral("m%1").arg(i, 23, 10, QLatin1Char('0'));
            const QString type = i % rareEvery == 0 ? QStringLiteral("order:refunded") : QStringLiteral("order:new");
            m.addBindValue(id);
            m.addBindValue(type);
            m.addBindValue(qint64(1'790'000'000'000) + i);
            m.addBindValue(deliveryId(copy + 1));
            m.addBindValue(deliveryId(copy + 2));
            if (!m.exec())
                return sqlError(QStringLiteral("insert message"), m.lastError());
            for (int endpoint : {1, 2}) {
                d.addBindValue(deliveryId(++copy));
                d.addBindValue(id);
                d.addBindValue(endpoint);
                d.addBindValue(endpoint);
                d.addBindValue(type);
                d.addBindValue(endpoint == 2 && i % 3 == 0 ? QStringLiteral("parked") : QStringLiteral("archived"));
                d.addBindValue(qint64(1'790'000'000'000) + i);
                if (!d.exec())
                    return sqlError(QStringLiteral("insert delivery"), d.lastError());
            }
        }
        return {};
    });
    ASSERT_TRUE(s.ok()) << qPrintable(s.error().text());
    writer.stop();
}

// Every page of the filter, `size` rows at a time, as the view scrolls: the ids in order.
std::vector<QString> allPages(QSqlDatabase db, const Browse::Filter &filter, int size)
{
    std::vector<QString> ids;
    QString after;
    for (;;) {
        Result<std::vector<Browse::Row>> page = Browse::page(db, filter, after, size);
        EXPECT_TRUE(page.ok()) << qPrintable(page.error().text());
        if (!page || page->empty())
            return ids;
        for (const Browse::Row &r : *page) {
            EXPECT_EQ(r.type, filter.type);
            EXPECT_TRUE(r.state == QLatin1String("archived") || r.state == QLatin1String("discarded"));
            ids.push_back(r.id);
        }
        after = page->back().key;
    }
}

// What the archive holds for a type, worked out from how fill() made it, newest first.
std::vector<QString> expected(int count, int rareEvery, bool rare, qint64 endpoint = 0)
{
    std::vector<QString> ids;
    int copy = 0;
    for (int i = 0; i < count; ++i) {
        for (int e : {1, 2}) {
            ++copy;
            const bool isRare = i % rareEvery == 0;
            const bool archived = !(e == 2 && i % 3 == 0);
            if (isRare == rare && archived && (endpoint == 0 || endpoint == e))
                ids.push_back(deliveryId(copy));
        }
    }
    std::reverse(ids.begin(), ids.end());
    return ids;
}

} // namespace

TEST(Browse, TheArchiveByARareTypeIsPagedInOrderThroughItsMessages)
{
    test::TestDatabase db;
    fill(db.path(), 600, 37);
    auto connection = db.read();
    Browse::Filter rare{.queue = Browse::Queue::Archive};
    rare.type = QStringLiteral("order:refunded");
    EXPECT_EQ(allPages(connection->database(), rare, 7), expected(600, 37, true));
    rare.endpointId = 2;
    EXPECT_EQ(allPages(connection->database(), rare, 5), expected(600, 37, true, 2));
}

TEST(Browse, TheArchiveByACommonTypeIsPagedInOrderById)
{
    test::TestDatabase db;
    fill(db.path(), 21'000, 1'000); // order:new past the point where its messages would be the slower way
    auto connection = db.read();
    Browse::Filter common{.queue = Browse::Queue::Archive};
    common.type = QStringLiteral("order:new");
    const std::vector<QString> want = expected(21'000, 1'000, false);
    const std::vector<QString> got = allPages(connection->database(), common, 500);
    EXPECT_EQ(got.size(), want.size());
    EXPECT_TRUE(got == want);
    Browse::Filter rare = common;
    rare.type = QStringLiteral("order:refunded");
    EXPECT_EQ(allPages(connection->database(), rare, 10), expected(21'000, 1'000, true));
}

TEST(Browse, AReadNoLongerWantedIsAbandoned)
{
    SQLITE_ONLY("PostgreSQL has no hook inside a statement (PgReadConnection::setUnwanted)");
    test::TestDatabase db;
    fill(db.path(), 10, 3);
    auto connection = db.read();
    const QString slow =
        QStringLiteral("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000) "
                       "SELECT count(*) FROM n");
    {
        AbandonWhen never(*connection, [] { return false; });
        QSqlQuery q(connection->database());
        ASSERT_TRUE(q.exec(slow) && q.next()) << qPrintable(q.lastError().text());
        EXPECT_EQ(q.value(0).toLongLong(), 1'000'000);
    }
    int looks = 0;
    {
        AbandonWhen soon(*connection, [&] { return ++looks > 3; });
        QSqlQuery q(connection->database());
        EXPECT_FALSE(q.exec(slow) && q.next());
        EXPECT_EQ(looks, 4);
    }
    // Once the guard is gone the connection reads as before.
    QSqlQuery q(connection->database());
    ASSERT_TRUE(q.exec(QStringLiteral("SELECT count(*) FROM deliveries")) && q.next());
    EXPECT_EQ(q.value(0).toInt(), 20);
}
