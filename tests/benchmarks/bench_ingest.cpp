// bench_ingest (DESIGN §12): 64 keep-alive connections push a ~1 KB order:new to the real push API (engine
// running, no subscriptions: every message is on disk, its write-ahead log flushed, before its 202), and
// in the same run the same load goes to a bare QtHttpServer route that answers 202 without storing anything.
// For each it prints the CPU spent per request by the server and by the load generator, and at the end the
// rate that CPU alone allows the push API on this machine's cores.
//
//   bench_ingest [--seconds N] [--connections N] [--dir PATH]

#include "LoadGenerator.h"
#include "OrderMessage.h"

#include "Engine.h"
#include "storage/sqlite/DatabaseWriter.h"

#include <QCoreApplication>
#include <QHttpServer>
#include <QHttpServerResponse>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <cstdio>

#include <unistd.h>

using namespace engine;

namespace {

void report(const char *what, const bench::LoadFigures &f)
{
    std::printf("  %-46s %8.0f requests/s  p50 %.2f ms  p99 %.2f ms  (", what, f.perSecond(),
                bench::percentile(f.latenciesMs, 0.5), bench::percentile(f.latenciesMs, 0.99));
    for (const auto &[status, count] : f.byStatus)
        std::printf(" %d: %lld", status, count);
    std::printf(" )\n");
    std::printf("    CPU per request: %.1f µs in the server, %.1f µs in the load generator; the machine %.0f%% busy\n",
                f.serverCpuMicrosPerResponse(), f.cpuMicrosPerResponse() - f.serverCpuMicrosPerResponse(),
                f.machineBusy * 100);
}

// A QtHttpServer with one route that answers 202 at once, on a thread of its own as the push API runs.
class BareServer {
public:
    quint16 start()
    {
        m_thread.start();
        m_anchor.moveToThread(&m_thread);
        quint16 port = 0;
        QMetaObject::invokeMethod(
            &m_anchor,
            [this, &port] {
                m_server = new QHttpServer;
                m_server->route(QStringLiteral("/api/stores/<arg>/messages"), QHttpServerRequest::Method::Post,
                                [](const QString &, const QHttpServerRequest &) {
                                    return QHttpServerResponse("application/json",
                                                               R"({"message_id":"5287b0e4a5f8f1c2d3000001"})",
                                                               QHttpServerResponse::StatusCode::Accepted);
                                });
                port = m_server->listen(QHostAddress::LocalHost, 0);
            },
            Qt::BlockingQueuedConnection);
        return port;
    }
    void stop()
    {
        QMetaObject::invokeMethod(
            &m_anchor, [this] { delete m_server; }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }

private:
    QThread m_thread;
    QObject m_anchor;
    QHttpServer *m_server = nullptr;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    int seconds = 10;
    int connections = 64;
    QString dir;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == QLatin1String("--seconds"))
            seconds = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--connections"))
            connections = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--dir"))
            dir = args[i + 1];
    }
    QTemporaryDir temp((dir.isEmpty() ? QDir::tempPath() : dir) + QStringLiteral("/bench_ingest-XXXXXX"));
    const QByteArray body = QByteArray::fromStdString(bench::orderMessage().dump());
    const auto warmUp = std::chrono::milliseconds(1000);
    const auto duration = std::chrono::seconds(seconds);
    std::printf("bench_ingest: %d keep-alive connections, %lld-byte order:new bodies, %d s each\n", connections,
                static_cast<long long>(body.size()), seconds);

    BareServer bare;
    const quint16 barePort = bare.start();
    const bench::LoadFigures bareFigures =
        bench::runLoad(barePort, connections, bench::pushRequest(body, "x"), warmUp, duration);
    bare.stop();
    report("bare QtHttpServer route (202, stores nothing)", bareFigures);

    PushHttpServer::Options push;
    push.port = 0;
    Engine engine({.databasePath = temp.filePath(QStringLiteral("ingest.db")), .push = push});
    if (Status ok = engine.start(); !ok)
        qFatal("bench_ingest: %s", qPrintable(ok.error().text()));
    const QByteArray token = [&] {
        QByteArray t;
        (void)engine.writer().execute([&t](WriteTransaction &tx) -> Status {
            QSqlQuery q(tx.database());
            q.exec(QStringLiteral("SELECT push_token FROM stores WHERE id = 'main'"));
            q.next();
            t = q.value(0).toString().toLatin1();
            return {};
        });
        return t;
    }();
    const qint64 transactionsBefore = engine.writer().committedTransactions();
    const qint64 jobsBefore = engine.writer().committedJobs();
    const qint64 weightBefore = engine.writer().committedWeight();
    const bench::LoadFigures durable =
        bench::runLoad(engine.pushPort(), connections, bench::pushRequest(body, token), warmUp, duration);
    const qint64 transactions = engine.writer().committedTransactions() - transactionsBefore;
    const qint64 jobs = engine.writer().committedJobs() - jobsBefore;
    const qint64 messages = engine.writer().committedWeight() - weightBefore;
    engine.stop();
    report("push API (durable before 202)", durable);
    std::printf("  group commit: %lld transactions, %.1f messages and %.1f writer jobs in each\n",
                static_cast<long long>(transactions), double(messages) / double(std::max<qint64>(1, transactions)),
                double(jobs) / double(std::max<qint64>(1, transactions)));

    // Both sides of the load share this machine's cores, so with every core busy the push API could answer no
    // more than the cores' time over the CPU per request, however the work were spread over threads; and no
    // more than the cores' time over its own CPU per request even if the load generator cost nothing.
    const long cores = std::max(1L, ::sysconf(_SC_NPROCESSORS_ONLN));
    const double bareRate = std::max(1.0, bareFigures.perSecond());
    const double ceiling = double(cores) * 1e6 / std::max(1.0, durable.cpuMicrosPerResponse());
    const double serverCeiling = double(cores) * 1e6 / std::max(1.0, durable.serverCpuMicrosPerResponse());
    const double ratio = durable.perSecond() / bareRate;
    const double ceilingRatio = ceiling / bareRate;
    std::printf("  CPU alone caps the push API on %ld cores at %.0f requests/s (%.2f of the bare route's rate); "
                "with a load generator that cost nothing, at %.0f (%.2f)\n",
                cores, ceiling, ceilingRatio, serverCeiling, serverCeiling / bareRate);
    std::printf("{\"durable_per_s\": %.0f, \"bare_per_s\": %.0f, \"ratio\": %.2f, \"connections\": %d, "
                "\"durable_server_cpu_us\": %.1f, \"bare_server_cpu_us\": %.1f, \"cpu_ceiling_ratio\": %.2f}\n",
                durable.perSecond(), bareFigures.perSecond(), ratio, connections, durable.serverCpuMicrosPerResponse(),
                bareFigures.serverCpuMicrosPerResponse(), ceilingRatio);
    return 0;
}
