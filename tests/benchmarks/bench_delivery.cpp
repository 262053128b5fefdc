// bench_delivery (DESIGN §12): push through the push API, fan out to 3 subscriptions on 3 local sink
// endpoints, and measure (1) deliveries per second while clients push as fast as they can, (2) whether the
// issue's load, 5,000 messages a second paced, is taken and every copy delivered as it comes, and
// (3) push→delivered latency, p50 and p99, at a steady 1,000 messages per second.
//
// The sink (Sink.cpp) answers every POST at once; the latency is from the moment a message is written to
// the push API's socket to the moment its copy arrives at a sink, on the same steady clock.
//
// After each phase it prints the CPU the engine's busiest threads spent per message and per delivery, which
// shows where the time went. After the first it also prints the CPU per message of the engine and of the
// load generator and sinks together, and the rate that CPU alone allows on this machine's cores. All of these
// and the rates move with the machine's speed (by up to 1.7× within an hour here), so compare builds in
// interleaved runs.
//
//   bench_delivery [--seconds N] [--steady-seconds N] [--steady-rate N] [--latency-seconds N]
//                  [--concurrency N (per endpoint, default 8)] [--connections N (pushing clients, default 64)]
//                  [--dir PATH]
//   bench_delivery --compare-postgres postgresql://… [--rounds N] [--seconds N] ...
//                  the first phase alone on SQLite, on PostgreSQL with one engine and with two sharing the
//                  database, interleaved; --seconds defaults to 20 there. Start a server with
//                  packaging/test-postgres.sh start FOLDER.

#include "LoadGenerator.h"
#include "OrderMessage.h"
#include "Sink.h"
#include "ThreadCpu.h"

#include "Engine.h"
#include "storage/Backend.h"
#include "storage/ConfigStore.h"
#include "storage/postgres/PgAddress.h"
#include "storage/sqlite/DatabaseWriter.h"

#include <QCoreApplication>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QUrl>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <deque>
#include <thread>
#include <vector>

using namespace engine;

namespace {

// CPU seconds of the engine threads that do a delivery's work, read before and after a phase.
struct EngineCpu {
    double push = bench::threadCpuSeconds("push-api");
    double writer = bench::threadCpuSeconds("db-writer");
    double dispatcher = bench::threadCpuSeconds("dispatcher");

    void printSince(const EngineCpu &before, long long messages, long long deliveries) const
    {
        if (messages <= 0 || deliveries <= 0)
            return;
        std::printf(
            "    CPU: push API %.1f µs per message, writer %.1f µs per message, dispatcher %.1f µs per delivery\n",
            (push - before.push) * 1e6 / double(messages), (writer - before.writer) * 1e6 / double(messages),
            (dispatcher - before.dispatcher) * 1e6 / double(deliveries));
    }
};

struct Paced {
    long long sent = 0;
    long long accepted = 0; // answered 202
};

// Sends `perSecond` messages a second for `seconds`, each stamped with its send time, over `connections`
// keep-alive connections (a message waits for a free one if all are busy). It wakes at least every
// millisecond and sends what has fallen due, rather than spinning on a core the engine needs.
Paced pushPaced(quint16 port, const QByteArray &token, const Json &payload, int perSecond, int seconds, int connections)
{
    const int epoll = ::epoll_create1(0);
    struct Conn {
        int fd;
        bool busy = false;
        QByteArray received;
    };
    std::vector<Conn> conns;
    for (int i = 0; i < connections; ++i) {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(port);
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0)
            qFatal("bench_delivery: cannot connect to the push API");
        const int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.u32 = uint32_t(i);
        ::epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &ev);
        conns.push_back({fd});
    }
    const long long start = bench::Sink::nowMicros();
    const long long end = start + seconds * 1'000'000LL;
    const double intervalUs = 1e6 / perSecond;
    long long scheduled = 0; // the next send is due at start + scheduled × intervalUs
    auto dueAt = [&](long long n) { return start + (long long)(double(n) * intervalUs); };
    Paced figures;
    std::deque<long long> late; // scheduled sends still waiting for a free connection
    std::vector<epoll_event> events(static_cast<size_t>(connections));
    char chunk[8192];
    while (bench::Sink::nowMicros() < end || !late.empty()) {
        const long long now = bench::Sink::nowMicros();
        while (dueAt(scheduled) <= now && dueAt(scheduled) < end)
            late.push_back(dueAt(scheduled++));
        for (Conn &c : conns) {
            if (late.empty())
                break;
            if (c.busy)
                continue;
            Json body{{"message", "order:new"}, {"payload", payload}};
            body["payload"]["sent_us"] = bench::Sink::nowMicros();
            const QByteArray bytes = bench::pushRequest(QByteArray::fromStdString(body.dump()), token);
            [[maybe_unused]] ssize_t n = ::send(c.fd, bytes.constData(), size_t(bytes.size()), MSG_NOSIGNAL);
            c.busy = true;
            late.pop_front();
            ++figures.sent;
        }
        const long long untilNext = dueAt(scheduled) - bench::Sink::nowMicros();
        const int waitMs = int(std::clamp<long long>(untilNext / 1000, 1, 1000));
        const int ready = ::epoll_wait(epoll, events.data(), connections, waitMs);
        for (int e = 0; e < ready; ++e) {
            Conn &c = conns[events[e].data.u32];
            ssize_t n;
            while ((n = ::recv(c.fd, chunk, sizeof chunk, 0)) > 0)
                c.received.append(chunk, n);
            const qsizetype headEnd = c.received.indexOf("\r\n\r\n");
            if (headEnd < 0)
                continue;
            const qsizetype at = c.received.indexOf("Content-Length:");
            const qsizetype length =
                at < 0 ? 0 : c.received.mid(at + 15, c.received.indexOf('\r', at) - at - 15).trimmed().toLongLong();
            if (c.received.size() >= headEnd + 4 + length) {
                figures.accepted += c.received.mid(9, 3) == "202" ? 1 : 0;
                c.received.remove(0, headEnd + 4 + length);
                c.busy = false;
            }
        }
    }
    for (Conn &c : conns)
        ::close(c.fd);
    ::close(epoll);
    return figures;
}

// Store "main" and three sinks, each subscribed to order:* with `concurrency`.
Store benchStore()
{
    Store store;
    store.id = QStringLiteral("main");
    store.name = QStringLiteral("Bench");
    store.pushToken = QStringLiteral("bench-token-0123456789");
    return store;
}

Configuration benchConfiguration(const bench::Sink &sink, int concurrency)
{
    Configuration config;
    config.stores.push_back(benchStore());
    for (int i = 0; i < 3; ++i) {
        Endpoint e;
        e.name = QStringLiteral("sink%1").arg(i + 1);
        e.url = QStringLiteral("http://127.0.0.1:%1").arg(sink.ports()[size_t(i)]);
        e.concurrency = concurrency;
        config.endpoints.push_back(e);
        Subscription s;
        s.endpoint = e.name;
        s.messages = {QStringLiteral("order:*")};
        s.path = QStringLiteral("/orders");
        config.subscriptions.push_back(s);
    }
    return config;
}

// Makes the database at `location` (a file or a URL) and puts `config` in it.
void prepare(const QString &location, const Configuration &config)
{
    Result<std::unique_ptr<Writer>> writer = makeWriter(location, Clock::system(), DatabaseWriter::Options{});
    if (!writer || !(*writer)->start() || !(*writer)->execute([&](WriteTransaction &tx) {
            return ConfigStore(tx.database(), tx.clock()).import(config, ConfigStore::ImportMode::Replace);
        }))
        qFatal("bench_delivery: cannot prepare the database at %s", qPrintable(displayLocation(location)));
}

struct Sustained {
    double messagesPerSecond = 0;
    double deliveriesPerSecond = 0;
    double engineUs = 0; // CPU per message with its 3 copies delivered, in this process less the load and sinks
    double serverUs = 0; // and in PostgreSQL's server processes
};

// The first phase alone: clients pushing as fast as they can for `seconds`, spread over `nodes` engines on
// one database at `location`, then the backlog drained.
Sustained sustainedOn(const QString &location, int nodes, int seconds, int concurrency, int connections)
{
    bench::Sink sink(3);
    prepare(location, benchConfiguration(sink, concurrency));
    std::vector<std::unique_ptr<Engine>> engines;
    for (int i = 0; i < nodes; ++i) {
        PushHttpServer::Options push;
        push.port = 0;
        engines.push_back(std::make_unique<Engine>(
            Engine::Options{.databasePath = location, .push = push, .dispatch = Dispatcher::Options{}}));
        if (Status ok = engines.back()->start(); !ok)
            qFatal("bench_delivery: %s", qPrintable(ok.error().text()));
    }
    const Json payload = bench::orderMessage()["payload"];
    const QByteArray body = QByteArray::fromStdString(Json{{"message", "order:new"}, {"payload", payload}}.dump());
    const QByteArray request = bench::pushRequest(body, benchStore().pushToken.toLatin1());

    const double processBefore = bench::processCpuSeconds();
    const double harnessBefore = bench::threadCpuSeconds("bench_delivery");
    const double serverBefore = bench::processesCpuSeconds("postgres");
    const auto started = std::chrono::steady_clock::now();
    std::vector<bench::LoadFigures> loads(static_cast<size_t>(nodes));
    std::vector<std::thread> clients;
    for (int i = 0; i < nodes; ++i) {
        clients.emplace_back([&, i] {
            loads[size_t(i)] = bench::runLoad(engines[size_t(i)]->pushPort(), connections / nodes, request,
                                              std::chrono::milliseconds(0), std::chrono::seconds(seconds));
        });
    }
    for (std::thread &t : clients)
        t.join();
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const long long deliveredInTime = sink.received();
    long long taken = 0;
    for (const bench::LoadFigures &load : loads)
        taken += load.byStatus.count(202) ? load.byStatus.at(202) : 0;
    for (int i = 0; i < 1200 && sink.received() < 3 * taken; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const double perMessage = 1e6 / double(std::max(1LL, taken));
    Sustained figures;
    figures.messagesPerSecond = double(taken) / elapsed;
    figures.deliveriesPerSecond = double(deliveredInTime) / elapsed;
    figures.engineUs =
        (bench::processCpuSeconds() - processBefore - (bench::threadCpuSeconds("bench_delivery") - harnessBefore)) *
        perMessage;
    figures.serverUs = (bench::processesCpuSeconds("postgres") - serverBefore) * perMessage;
    if (sink.received() < 3 * taken)
        std::printf("    (%lld copies of %lld still not delivered after two minutes)\n", 3 * taken - sink.received(),
                    3 * taken);
    for (auto &engine : engines)
        engine->stop();
    return figures;
}

// --compare-postgres SERVER: the first phase on SQLite, on PostgreSQL with one engine and with two engines
// sharing the database, in interleaved rounds, each PostgreSQL run on a fresh database of the server's.
int comparePostgres(const QString &server, const QString &dir, int rounds, int seconds, int concurrency,
                    int connections)
{
    const Result<PgAddress> address = PgAddress::parse(server);
    if (!address) {
        std::fprintf(stderr, "bench_delivery: %s\n", qPrintable(address.error().text()));
        return 2;
    }
    std::printf("bench_delivery --compare-postgres: push API → 3 subscriptions → 3 local sinks (concurrency %d "
                "each), %d clients for %d s a run; CPU per message with its 3 copies delivered\n",
                concurrency, connections, seconds);
    Result<QSqlDatabase> maintenance = address->open(QStringLiteral("maintenance"));
    if (!maintenance) {
        std::fprintf(stderr, "bench_delivery: %s\n", qPrintable(maintenance.error().text()));
        return 1;
    }
    int made = 0;
    auto freshDatabase = [&]() -> QString {
        const QString name = QStringLiteral("bench_delivery_%1_%2").arg(QCoreApplication::applicationPid()).arg(++made);
        if (!QSqlQuery(*maintenance).exec(QStringLiteral("CREATE DATABASE ") + name))
            qFatal("bench_delivery: cannot make a database on %s", qPrintable(address->display()));
        QUrl url(server);
        url.setPath(QLatin1Char('/') + name);
        return url.toString();
    };
    auto dropDatabases = [&] {
        for (int i = 1; i <= made; ++i)
            QSqlQuery(*maintenance)
                .exec(QStringLiteral("DROP DATABASE bench_delivery_%1_%2 WITH (FORCE)")
                          .arg(QCoreApplication::applicationPid())
                          .arg(i));
    };
    for (int round = 1; round <= rounds; ++round) {
        QTemporaryDir temp((dir.isEmpty() ? QDir::tempPath() : dir) + QStringLiteral("/bench_delivery-XXXXXX"));
        const struct {
            const char *name;
            QString location;
            int nodes;
        } runs[] = {
            {"SQLite, 1 engine", temp.filePath(QStringLiteral("delivery.db")), 1},
            {"PostgreSQL, 1 engine", freshDatabase(), 1},
            {"PostgreSQL, 2 engines", freshDatabase(), 2},
        };
        for (const auto &run : runs) {
            const Sustained f = sustainedOn(run.location, run.nodes, seconds, concurrency, connections);
            std::printf("  round %d, %-22s %6.0f messages/s, %6.0f deliveries/s; engine %4.0f µs, PostgreSQL's "
                        "server %4.0f µs\n",
                        round, run.name, f.messagesPerSecond, f.deliveriesPerSecond, f.engineUs, f.serverUs);
            std::printf("{\"round\": %d, \"run\": \"%s\", \"messages_per_s\": %.0f, \"deliveries_per_s\": %.0f, "
                        "\"engine_us_per_message\": %.0f, \"server_us_per_message\": %.0f}\n",
                        round, run.name, f.messagesPerSecond, f.deliveriesPerSecond, f.engineUs, f.serverUs);
            std::fflush(stdout);
        }
    }
    dropDatabases();
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    int seconds = 60;
    bool secondsGiven = false;
    int latencySeconds = 20;
    int concurrency = 8; // the endpoints' default
    int connections = 64;
    int steadySeconds = 30;
    int steadyRate = 5000; // issue 4's target: 5,000 messages/s in, 15,000 deliveries/s out
    QString dir, comparePostgresOn;
    int rounds = 3;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == QLatin1String("--seconds"))
            seconds = args[i + 1].toInt(), secondsGiven = true;
        else if (args[i] == QLatin1String("--latency-seconds"))
            latencySeconds = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--concurrency"))
            concurrency = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--connections"))
            connections = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--steady-seconds"))
            steadySeconds = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--steady-rate"))
            steadyRate = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--dir"))
            dir = args[i + 1];
        else if (args[i] == QLatin1String("--compare-postgres"))
            comparePostgresOn = args[i + 1];
        else if (args[i] == QLatin1String("--rounds"))
            rounds = args[i + 1].toInt();
    }
    if (!comparePostgresOn.isEmpty())
        return comparePostgres(comparePostgresOn, dir, rounds, secondsGiven ? seconds : 20, concurrency, connections);
    QTemporaryDir temp((dir.isEmpty() ? QDir::tempPath() : dir) + QStringLiteral("/bench_delivery-XXXXXX"));
    const QString path = temp.filePath(QStringLiteral("delivery.db"));

    bench::Sink sink(3);
    const Store store = benchStore();
    prepare(path, benchConfiguration(sink, concurrency));
    PushHttpServer::Options push;
    push.port = 0;
    Engine engine({.databasePath = path, .push = push, .dispatch = Dispatcher::Options{}});
    if (Status ok = engine.start(); !ok)
        qFatal("bench_delivery: %s", qPrintable(ok.error().text()));
    const QByteArray token = store.pushToken.toLatin1();
    const Json payload = bench::orderMessage()["payload"];
    const QByteArray body = QByteArray::fromStdString(Json{{"message", "order:new"}, {"payload", payload}}.dump());
    std::printf(
        "bench_delivery: push API → 3 subscriptions → 3 local sinks (concurrency %d each); %lld-byte order:new\n",
        concurrency, static_cast<long long>(body.size()));

    // 1. As fast as the pushing clients can go, for `seconds`.
    const long long deliveredBefore = sink.received();
    const EngineCpu sustainedStart;
    const double processCpuBefore = bench::processCpuSeconds();
    const double harnessCpuBefore = bench::threadCpuSeconds("bench_delivery");
    const qint64 transactionsBefore = engine.writer().committedTransactions();
    const qint64 jobsBefore = engine.writer().committedJobs();
    const auto started = std::chrono::steady_clock::now();
    const bench::LoadFigures pushed = bench::runLoad(engine.pushPort(), connections, bench::pushRequest(body, token),
                                                     std::chrono::milliseconds(0), std::chrono::seconds(seconds));
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const long long delivered = sink.received() - deliveredBefore;
    const EngineCpu sustainedEnd;
    const long long taken = pushed.byStatus.count(202) ? pushed.byStatus.at(202) : 0;
    const double messagesPerSecond = double(taken) / elapsed;
    const double deliveriesPerSecond = double(delivered) / elapsed;
    std::printf("  sustained, %d s: %.0f messages/s taken (202), %.0f deliveries/s received by the sinks", seconds,
                messagesPerSecond, deliveriesPerSecond);
    for (const auto &[status, count] : pushed.byStatus)
        std::printf("  [%d: %lld]", status, count);
    std::printf("\n");
    sustainedEnd.printSince(sustainedStart, taken, delivered);
    const qint64 transactions = engine.writer().committedTransactions() - transactionsBefore;
    std::printf("    writer: %.0f commits/s, %.1f jobs (ingest batches and delivery outcomes) in each\n",
                double(transactions) / elapsed,
                double(engine.writer().committedJobs() - jobsBefore) / double(std::max<qint64>(1, transactions)));

    // Lets a phase's backlog drain before the next phase. The sinks may count up to 3 × 64 more copies than
    // the 202s counted: each client's last request, stored when the clock stopped but answered after the load
    // generator stopped counting. Waiting until nothing more arrives keeps those copies, stamped long ago,
    // out of the next phase's latencies.
    auto drain = [&sink](long long expected) {
        for (int i = 0; i < 600 && sink.received() < expected; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        for (long long seen = -1; seen != sink.received();) {
            seen = sink.received();
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
        }
    };
    const long long expected = 3 * taken + deliveredBefore;
    drain(expected);
    std::printf("  backlog drained: %lld copies delivered for %lld answered 202 (x3)\n",
                sink.received() - deliveredBefore, 3 * taken);
    // Everything of this phase is done now: pushing, storing, delivering and the sinks' side, all in this
    // process. With every core busy it could take no more than the cores' time over that CPU per message,
    // and the engine no more than the cores' time over its own share even if the load generator and the sinks
    // (the threads named after this program) cost nothing.
    const double perMessage = 1e6 / double(std::max(1LL, taken));
    const double processCpu = (bench::processCpuSeconds() - processCpuBefore) * perMessage;
    const double harnessCpu = (bench::threadCpuSeconds("bench_delivery") - harnessCpuBefore) * perMessage;
    const long cores = std::max(1L, ::sysconf(_SC_NPROCESSORS_ONLN));
    std::printf("    CPU per message with its 3 copies delivered: %.0f µs in the engine, %.0f µs in the load generator "
                "and the sinks\n",
                processCpu - harnessCpu, harnessCpu);
    std::printf("    CPU alone caps this on %ld cores at %.0f messages/s; with a load generator and sinks that cost "
                "nothing, at %.0f\n",
                cores, double(cores) * 1e6 / processCpu, double(cores) * 1e6 / (processCpu - harnessCpu));
    sink.takeLatencies();

    // 2. The load, paced: can the engine take `steadyRate` messages a second and deliver every copy
    // as fast as they come, or does a backlog grow?
    const EngineCpu steadyStart;
    const long long steadyDeliveredBefore = sink.received();
    const auto steadyStarted = std::chrono::steady_clock::now();
    const Paced steady = pushPaced(engine.pushPort(), token, payload, steadyRate, steadySeconds, 64);
    const double steadyElapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - steadyStarted).count();
    const long long steadyDelivered = sink.received() - steadyDeliveredBefore;
    const EngineCpu steadyEnd;
    const std::vector<double> steadyLatencies = sink.takeLatencies();
    const double steadyMessagesPerSecond = double(steady.accepted) / steadyElapsed;
    const double steadyDeliveriesPerSecond = double(steadyDelivered) / steadyElapsed;
    std::printf("  paced at %d messages/s for %d s: %.0f messages/s taken (202), %.0f deliveries/s received; "
                "%lld copies still to deliver at the end; push→delivered p50 %.1f ms, p99 %.1f ms\n",
                steadyRate, steadySeconds, steadyMessagesPerSecond, steadyDeliveriesPerSecond,
                3 * steady.accepted - steadyDelivered, bench::percentile(steadyLatencies, 0.50),
                bench::percentile(steadyLatencies, 0.99));
    steadyEnd.printSince(steadyStart, steady.accepted, steadyDelivered);
    drain(steadyDeliveredBefore + 3 * steady.accepted);
    sink.takeLatencies();

    // 3. A steady 1,000 messages per second.
    const EngineCpu pacedStart;
    const long long pacedDeliveredBefore = sink.received();
    const Paced paced = pushPaced(engine.pushPort(), token, payload, 1000, latencySeconds, 16);
    std::this_thread::sleep_for(std::chrono::seconds(2));
    const EngineCpu pacedEnd;
    const std::vector<double> latencies = sink.takeLatencies();
    const double p50 = bench::percentile(latencies, 0.50), p99 = bench::percentile(latencies, 0.99);
    std::printf(
        "  at 1,000 messages/s for %d s: %lld pushed, %zu copies timed, push→delivered p50 %.1f ms, p99 %.1f ms, "
        "max %.1f ms\n",
        latencySeconds, paced.sent, latencies.size(), p50, p99, bench::percentile(latencies, 1.0));
    pacedEnd.printSince(pacedStart, paced.sent, sink.received() - pacedDeliveredBefore);
    engine.stop();

    std::printf("{\"messages_per_s\": %.0f, \"deliveries_per_s\": %.0f, \"p50_ms\": %.1f, \"p99_ms\": %.1f, "
                "\"paced_messages_per_s\": %.0f, \"paced_deliveries_per_s\": %.0f}\n",
                messagesPerSecond, deliveriesPerSecond, p50, p99, steadyMessagesPerSecond, steadyDeliveriesPerSecond);
    return 0;
}
