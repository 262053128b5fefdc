// The database on a small filesystem of its own, a tmpfs with a size that the test mounts (so root only; the
// test is skipped elsewhere, saying why): as it fills, pushes are answered 503 and nothing acknowledged is
// lost; deliveries pause instead of failing or going again and again; the window can say the database is out
// of space, and an alert says it; when the filesystem grows again, everything carries on by itself.

#include "support/HttpClient.h"
#include "support/TestDatabase.h"
#include "support/TestEndpoint.h"
#include "support/TestWriter.h"
#include "support/WaitUntil.h"

#include "Engine.h"
#include "alerts/Alerts.h"
#include "storage/ConfigStore.h"
#include "storage/sqlite/Connection.h"

#include <QSqlQuery>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>
#include <string>

using namespace engine;
using test::HttpClient;
using test::HttpResponse;
using test::TestEndpoint;
using test::waitUntil;

namespace {

const QByteArray token = "full-disk-token-0123456789";

class FullDisk : public ::testing::Test {
protected:
    void SetUp() override
    {
        if (::geteuid() != 0)
            GTEST_SKIP() << "mounting a small filesystem takes root";
        ASSERT_TRUE(dir.isValid());
        if (::mount("tmpfs", dir.path().toLocal8Bit().constData(), "tmpfs", 0, "size=3m,mode=0700") != 0)
            GTEST_SKIP() << "cannot mount a tmpfs here: " << std::strerror(errno);
        mounted = true;
    }

    void TearDown() override
    {
        if (engine)
            engine->stop();
        engine.reset();
        if (mounted)
            ::umount2(dir.path().toLocal8Bit().constData(), MNT_DETACH);
    }

    // The filesystem's size, changed under the running engine as a person freeing space would.
    void resize(const char *size)
    {
        const std::string options = std::string("size=") + size + ",mode=0700";
        ASSERT_EQ(::mount("tmpfs", dir.path().toLocal8Bit().constData(), "tmpfs", MS_REMOUNT, options.c_str()), 0)
            << std::strerror(errno);
    }

    QString path() const { return dir.filePath(QStringLiteral("hub.db")); }

    int scalar(const QString &sql)
    {
        auto c = Connection::open(path(), Connection::Mode::Read);
        if (!c)
            return -1;
        QSqlQuery q((*c)->database());
        return q.exec(sql) && q.next() ? q.value(0).toInt() : -1;
    }

    QTemporaryDir dir;
    bool mounted = false;
    std::unique_ptr<Engine> engine;
};

} // namespace

TEST_F(FullDisk, PushesAre503DeliveriesWaitAnAlertSaysSoAndAllCarriesOnOnceThereIsRoom)
{
    // A slow endpoint, two at a time: deliveries are still waiting when the disk fills.
    TestEndpoint warehouse;
    warehouse.answerAll(TestEndpoint::Answer{200, "{}", 100});
    constexpr int concurrency = 2;
    {
        Configuration config = test::basicConfiguration(warehouse.url());
        config.stores[0].pushToken = QString::fromLatin1(token);
        config.endpoints[0].concurrency = concurrency;
        Subscription s;
        s.endpoint = QStringLiteral("warehouse");
        s.messages = {QStringLiteral("order:*")};
        config.subscriptions.push_back(s);
        ASSERT_TRUE(test::replaceConfiguration(path(), config).ok());
    }
    engine = std::make_unique<Engine>(Engine::Options{.databasePath = path(),
                                                      .createDefaultStore = false,
                                                      .push = PushHttpServer::Options{.port = 0},
                                                      .dispatch = Dispatcher::Options{.checkIntervalMs = 50}});
    ASSERT_TRUE(engine->start().ok());

    // Push until the filesystem is full.
    HttpClient client(engine->pushPort());
    const QList<QByteArray> headers = {"Content-Type: application/json", "X-Hub-Access-Token: " + token};
    const QByteArray padding(4000, 'p');
    std::set<QByteArray> acknowledged;
    HttpResponse refused;
    for (int i = 0; i < 5000 && refused.status == 0; ++i) {
        const QByteArray body = R"({"message":"order:new","payload":{"order":{"number":"R)" + QByteArray::number(i) +
                                R"(","note":")" + padding + R"("}}})";
        const HttpResponse r = client.post("/api/stores/main/messages", body, headers);
        if (r.status == 202)
            acknowledged.insert(r.json("message_id"));
        else
            refused = r;
    }
    ASSERT_EQ(refused.status, 503) << refused.body.constData();
    EXPECT_TRUE(refused.json("error").contains("full")) << refused.body.constData();
    ASSERT_GT(acknowledged.size(), 10u) << "the filesystem should have held a few before it filled";

    // What the window shows, from memory: the database is out of space.
    ASSERT_TRUE(engine->writer().space().full());
    const auto full = engine->writer().space().details();
    ASSERT_TRUE(full.has_value());
    EXPECT_TRUE(full->detail.contains(QLatin1String("full"))) << qPrintable(full->detail);

    // Deliveries wait: while twenty passes of the dispatcher go by, none starts beyond those in flight
    // (whose outcome could not be recorded either: they go again later), though many are due.
    ASSERT_GT(scalar(QStringLiteral("SELECT count(*) FROM deliveries WHERE state <> 'archived'")), 4 * concurrency);
    const size_t sent = warehouse.received().size();
    const quint64 passes = engine->dispatcher()->passes();
    ASSERT_TRUE(waitUntil([&] { return engine->dispatcher()->passes() >= passes + 20; }));
    EXPECT_LE(warehouse.received().size(), sent + concurrency) << "deliveries went on with nowhere to record them";

    // Room again: the engine notices by itself, takes pushes and delivers everything it acknowledged.
    resize("64m");
    ASSERT_TRUE(waitUntil([&] { return !engine->writer().space().full(); }, 30000));
    ASSERT_TRUE(waitUntil(
        [&] {
            return client
                       .post("/api/stores/main/messages",
                             R"({"message":"order:new","payload":{"order":{"number":"after"}}})", headers)
                       .status == 202;
        },
        10000));
    const int expected = int(acknowledged.size()) + 1;
    ASSERT_TRUE(waitUntil(
        [&] { return scalar(QStringLiteral("SELECT count(*) FROM deliveries WHERE state = 'archived'")) == expected; },
        30000))
        << scalar(QStringLiteral("SELECT count(*) FROM deliveries WHERE state = 'archived'")) << " of " << expected;

    // Nothing acknowledged was lost, and no delivery failed for the disk.
    auto c = Connection::open(path(), Connection::Mode::Read);
    ASSERT_TRUE(c);
    QSqlQuery q((*c)->database());
    std::set<QByteArray> stored;
    ASSERT_TRUE(q.exec(QStringLiteral("SELECT id FROM messages")));
    while (q.next())
        stored.insert(q.value(0).toString().toLatin1());
    for (const QByteArray &id : acknowledged)
        EXPECT_TRUE(stored.count(id)) << "acknowledged " << id.constData() << " is gone";
    EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM attempts WHERE status IS NULL OR status >= 300")), 0);
    // Paused, not sent again and again: beyond each delivery once, only those whose outcome could not be
    // recorded (in flight when the disk filled, and those answered with them) may have gone twice.
    EXPECT_LE(int(warehouse.received().size()), expected + 2 * concurrency);

    // The alert said so, and is resolved.
    ASSERT_TRUE(waitUntil([&] {
        return scalar(QStringLiteral("SELECT count(*) FROM alerts WHERE kind = '%1' AND resolved_at IS NOT NULL")
                          .arg(Alerts::DatabaseFull)) >= 1;
    }));
    EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM alerts WHERE kind = '%1' AND resolved_at IS NULL")
                         .arg(Alerts::DatabaseFull)),
              0);
}
