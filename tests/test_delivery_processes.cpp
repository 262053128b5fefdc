// Delivery as an owner runs it, in processes of its own: a headless engine killed while sending sends
// again after a restart (at least once, same ids), and the deliveries/retry/archive commands work with
// and without a running engine on the database.

#include "support/FreePort.h"
#include "support/Headless.h"
#include "support/TestDatabase.h"
#include "support/TestEndpoint.h"
#include "support/WaitUntil.h"

#include "storage/ConfigStore.h"
#include "support/TestWriter.h"

#include <QProcess>

#include <gtest/gtest.h>

#include <csignal>
#include <set>

using namespace engine;
using test::TestEndpoint;
using test::waitUntil;

namespace {

// `integrator --headless` on a database of its own, as an owner runs it.
class HeadlessEngine {
public:
    HeadlessEngine(const QString &db, quint16 port) : m_port(port)
    {
        const QByteArray err = test::startHeadless(m_process, db, port);
        EXPECT_TRUE(err.contains("running headless")) << err.constData();
    }
    ~HeadlessEngine()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.terminate();
            m_process.waitForFinished(10000);
        }
    }
    void kill()
    {
        ::kill(pid_t(m_process.processId()), SIGKILL);
        m_process.waitForFinished(10000);
    }
    int push(const QByteArray &token, const QByteArray &body)
    {
        QProcess p;
        p.start(QStringLiteral(INTEGRATOR_BINARY),
                {QStringLiteral("push"), QStringLiteral("--url"), QStringLiteral("http://127.0.0.1:%1").arg(m_port),
                 QStringLiteral("--store"), QStringLiteral("main"), QStringLiteral("--token"),
                 QString::fromLatin1(token), QStringLiteral("-")});
        p.write(body);
        p.closeWriteChannel();
        p.waitForFinished(10000);
        return p.exitCode();
    }

private:
    QProcess m_process;
    quint16 m_port;
};

struct Tool {
    int exitCode;
    QByteArray out;
    QByteArray err;
};

Tool tool(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(INTEGRATOR_BINARY), args);
    p.waitForFinished(30000);
    return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
}

void configure(const QString &db, const QString &url, bool retries)
{
    Configuration config = test::basicConfiguration(url);
    Subscription s;
    s.endpoint = QStringLiteral("warehouse");
    s.messages = {QStringLiteral("order:*")};
    s.path = QStringLiteral("/orders");
    s.retries.allowed = retries;
    config.subscriptions.push_back(s);
    test::TestWriter writer(db);
    ASSERT_TRUE(writer.start().ok());
    ASSERT_TRUE(writer
                    .execute([&](WriteTransaction &tx) {
                        return ConfigStore(tx.database(), tx.clock()).import(config, ConfigStore::ImportMode::Replace);
                    })
                    .ok());
}

} // namespace

TEST(DeliveryLease, DeliveriesInFlightWhenTheEngineDiesAreSentAgainWithTheSameIds)
{
    test::TestDatabase db;
    TestEndpoint server;
    server.answerAll(TestEndpoint::Answer{200, "{}", 0, true}); // takes them and never answers
    configure(db.path(), server.url(), true);
    const QByteArray token = test::basicConfiguration().stores[0].pushToken.toLatin1();
    std::set<QByteArray> firstIds;
    {
        HeadlessEngine engine(db.path(), test::freePort());
        for (int i = 0; i < 5; ++i)
            ASSERT_EQ(engine.push(token, R"({"message":"order:new","payload":{"order":{"number":"R)" +
                                             QByteArray::number(i) + "\"}}}"),
                      0);
        ASSERT_TRUE(server.waitFor(5));
        for (const auto &r : server.received())
            firstIds.insert(r.json("message_id"));
        engine.kill();
    }
    EXPECT_EQ(firstIds.size(), 5u);
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT count(*) FROM deliveries WHERE state = 'pending'")).toInt(), 5);

    server.clear();
    server.answerAll(TestEndpoint::Answer{200});
    HeadlessEngine again(db.path(), test::freePort());
    // On PostgreSQL, once the dead engine's lease on the endpoint has run out (cluster/Leases: 10 s).
    ASSERT_TRUE(server.waitFor(5, 30'000));
    std::set<QByteArray> secondIds;
    for (const auto &r : server.received())
        secondIds.insert(r.json("message_id"));
    EXPECT_EQ(secondIds, firstIds) << "at least once, and under the same message_id";
    EXPECT_TRUE(waitUntil([&] {
        return db.scalar(QStringLiteral("SELECT count(*) FROM deliveries WHERE state = 'archived'")).toInt() == 5;
    }));
}

TEST(DeliveryCommandLine, ListRetryAndArchiveWithAndWithoutARunningEngine)
{
    test::TestDatabase db;
    TestEndpoint server;
    server.answerAll(TestEndpoint::Answer{500, R"({"error":"not today"})"});
    configure(db.path(), server.url(), false);
    const QByteArray token = test::basicConfiguration().stores[0].pushToken.toLatin1();
    {
        HeadlessEngine engine(db.path(), test::freePort());
        for (int i = 0; i < 3; ++i)
            ASSERT_EQ(engine.push(token, R"({"message":"order:new","payload":{}})"), 0);
        ASSERT_TRUE(waitUntil([&] {
            return db.scalar(QStringLiteral("SELECT count(*) FROM deliveries WHERE state = 'parked'")).toInt() == 3;
        }));

        const Tool listed = tool({QStringLiteral("deliveries"), QStringLiteral("--state"), QStringLiteral("parked"),
                                  QStringLiteral("--db"), db.path()});
        ASSERT_EQ(listed.exitCode, 0) << listed.err.constData();
        const QList<QByteArray> lines = listed.out.trimmed().split('\n');
        ASSERT_EQ(lines.size(), 3);
        const Json first = Json::parse(lines[0].toStdString());
        EXPECT_EQ(first["endpoint"], "warehouse");
        EXPECT_EQ(first["state"], "parked");
        EXPECT_EQ(first["last_status"], 500);
        EXPECT_EQ(first["last_error"], "HTTP 500: not today");
        EXPECT_EQ(first["attempts"], 1);

        // Retried from the terminal while the engine runs: it notices and sends them.
        server.answerAll(TestEndpoint::Answer{200});
        const Tool retried = tool({QStringLiteral("retry"), QStringLiteral("--endpoint"), QStringLiteral("warehouse"),
                                   QStringLiteral("--db"), db.path()});
        ASSERT_EQ(retried.exitCode, 0) << retried.err.constData();
        EXPECT_TRUE(retried.out.contains("Retried 3 deliveries")) << retried.out.constData();
        ASSERT_TRUE(waitUntil([&] {
            return db.scalar(QStringLiteral("SELECT count(*) FROM deliveries WHERE state = 'archived'")).toInt() == 3;
        }));
        EXPECT_EQ(server.received().size(), 6u);
    }
    // Without an engine: park one by hand, archive it by id; a bad id is refused.
    const QString id =
        QString::fromStdString(Json::parse(tool({QStringLiteral("deliveries"), QStringLiteral("--db"), db.path()})
                                               .out.split('\n')
                                               .first()
                                               .toStdString())["id"]
                                   .get<std::string>());
    {
        test::TestWriter writer(db.path());
        ASSERT_TRUE(writer.start().ok());
        ASSERT_TRUE(writer
                        .execute([&](WriteTransaction &tx) {
                            return tx.exec(
                                QStringLiteral("UPDATE deliveries SET state = 'parked' WHERE id = '%1'").arg(id));
                        })
                        .ok());
    }
    const Tool archived =
        tool({QStringLiteral("archive"), QStringLiteral("--id"), id, QStringLiteral("--db"), db.path()});
    EXPECT_EQ(archived.exitCode, 0) << archived.err.constData();
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT state FROM deliveries WHERE id = '%1'").arg(id)).toString(),
              QStringLiteral("archived"));
    const Tool again = tool({QStringLiteral("retry"), QStringLiteral("--id"), id, QStringLiteral("--db"), db.path()});
    EXPECT_EQ(again.exitCode, 2);
    EXPECT_TRUE(again.err.contains("was not changed")) << again.err.constData();
    EXPECT_EQ(tool({QStringLiteral("retry"), QStringLiteral("--db"), db.path()}).exitCode, 2)
        << "retry needs a selection";
    EXPECT_EQ(tool({QStringLiteral("retry"), QStringLiteral("--all"), QStringLiteral("--state"),
                    QStringLiteral("archived"), QStringLiteral("--db"), db.path()})
                  .exitCode,
              2)
        << "retry does not apply to archived deliveries";
}
