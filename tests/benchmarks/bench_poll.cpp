// bench_poll (issue "Connect a Spree store by its API"): a backlog of 20,000 changed orders in the simulated
// Spree store (API v1, in this process) taken by the poller into durable messages, against, in the same
// run, the same pages and orders merely fetched by the same HTTP client. The ratio is the poller's own cost
// (mapping, diffing against the kept copies, storing messages, copies and cursor); both figures are printed,
// with the process's CPU per order in each, which on this machine's cores caps what either can do.
//
//   bench_poll [--orders N] [--dir PATH]

#include "ingest/Ingest.h"
#include "poll/SpreeClient.h"
#include "poll/StorePoller.h"
#include "simstore/SimulatedStore.h"
#include "storage/ConfigStore.h"
#include "storage/ReadConnection.h"
#include "storage/sqlite/DatabaseWriter.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QThread>

#include <sys/resource.h>

#include <cstdio>

using namespace engine;

namespace {

double processCpuUs()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e6 + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

struct Phase {
    double perS = 0;
    double cpuUsPerOrder = 0;
};

// Every page of placed orders oldest first, and each order in full, as the poller asks for them.
Phase fetchOnly(const QString &url, const QString &key, int orders)
{
    SpreeClient client(url, key);
    QElapsedTimer t;
    t.start();
    const double cpu = processCpuUs();
    int fetched = 0;
    for (int page = 1;; ++page) {
        const SpreeClient::Answer list =
            client.get("/api/v1/orders?page=" + QByteArray::number(page) +
                           "&per_page=100&q[updated_at_gteq]=2000-01-01T00%3A00%3A00.000Z&q[s]=updated_at%20asc"
                           "&q[completed_at_not_null]=1",
                       ApiVersion::V1);
        const Json rows = Json::parse(list.body.toStdString())["orders"];
        for (const Json &o : rows) {
            const SpreeClient::Answer full = client.get(
                "/api/v1/orders/" + QByteArray::fromStdString(o["number"].get<std::string>()), ApiVersion::V1);
            const Json order = Json::parse(full.body.toStdString()); // read as the poller reads it
            fetched += order.is_object() ? 1 : 0;
        }
        if (rows.size() < 100)
            break;
    }
    if (fetched != orders)
        std::fprintf(stderr, "fetched %d orders, expected %d\n", fetched, orders);
    return {fetched / (t.nsecsElapsed() / 1e9), (processCpuUs() - cpu) / fetched};
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    int orders = 20'000;
    QString dir;
    for (int i = 1; i + 1 < argc; i += 2) {
        const QByteArray arg = argv[i];
        if (arg == "--orders")
            orders = QByteArray(argv[i + 1]).toInt();
        else if (arg == "--dir")
            dir = QString::fromLocal8Bit(argv[i + 1]);
    }
    QTemporaryDir temp(dir.isEmpty() ? QDir::tempPath() + QStringLiteral("/bench_poll.XXXXXX")
                                     : dir + QStringLiteral("/bench_poll.XXXXXX"));

    sim::SimulatedStore::Options o;
    o.v1Key = QStringLiteral("bench-key");
    o.orders = 0;
    o.customers = 200;
    o.products = 50;
    sim::SimulatedStore store(o);
    store.catalogue().placeOrders(orders);
    if (Status ok = store.start(); !ok) {
        std::fprintf(stderr, "%s\n", qPrintable(ok.error().text()));
        return 1;
    }
    std::printf("bench_poll: %d changed orders in the simulated store (API v1), %d hardware threads\n", orders,
                QThread::idealThreadCount());

    const Phase fetch = fetchOnly(store.url(), o.v1Key, orders);
    std::printf("  fetched only: %.0f orders/s, %.0f µs of CPU per order (store and client)\n", fetch.perS,
                fetch.cpuUsPerOrder);

    const QString path = temp.filePath(QStringLiteral("integrator.db"));
    DatabaseWriter writer(path);
    if (Status ok = writer.start(); !ok)
        return 1;
    Configuration config;
    Store s;
    s.id = QStringLiteral("main");
    s.name = QStringLiteral("Main");
    s.pushToken = QStringLiteral("bench-token-0123456789");
    s.apiUrl = store.url();
    s.apiKey = o.v1Key;
    s.apiVersion = ApiVersion::V1;
    s.poll.since = QStringLiteral("2000-01-01T00:00:00Z");
    s.poll.requestsPerMinute = 1'000'000; // unpaced (more than a file allows): measure the poller, not the pace
    config.stores.push_back(s);
    (void)writer.execute([&](WriteTransaction &tx) { return ConfigStore(tx.database(), tx.clock()).apply(config); });
    Ingest ingest(writer, Clock::system());
    auto reads = std::move(openReadConnection(path)).value();
    StorePoller poller(s, writer, ingest, *reads, Clock::system(), {});
    QElapsedTimer t;
    t.start();
    const double cpu = processCpuUs();
    const StorePoller::Report report = poller.pollOrders();
    const double seconds = t.nsecsElapsed() / 1e9;
    const Phase poll{report.messages / seconds, (processCpuUs() - cpu) / std::max(report.messages, 1)};
    if (!report.error.isEmpty() || report.messages != orders)
        std::fprintf(stderr, "the poll made %d messages of %d: %s\n", report.messages, orders,
                     qPrintable(report.error));
    std::printf("  polled into durable messages: %.0f orders/s, %.0f µs of CPU per order (store, client, poller, "
                "database)\n",
                poll.perS, poll.cpuUsPerOrder);
    // What CPU alone allows on this machine's cores: the store shares them here, as it would not in real use.
    const long cores = QThread::idealThreadCount();
    std::printf("  CPU alone caps polling at %.0f orders/s on %ld cores (fetching alone at %.0f)\n",
                cores * 1e6 / poll.cpuUsPerOrder, cores, cores * 1e6 / fetch.cpuUsPerOrder);
    std::printf("{\"orders\": %d, \"durable_per_s\": %.0f, \"fetch_only_per_s\": %.0f, \"ratio\": %.2f, "
                "\"poll_cpu_us\": %.0f, \"fetch_cpu_us\": %.0f}\n",
                report.messages, poll.perS, fetch.perS, poll.perS / fetch.perS, poll.cpuUsPerOrder,
                fetch.cpuUsPerOrder);
    store.stop();
    writer.stop();
    return 0;
}
