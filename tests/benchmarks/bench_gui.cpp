// bench_gui (DESIGN §12): the window over a large database under load. A database with 1,000,000 archived
// messages (each with its delivery) is built directly with SQLite; then the engine starts on it with the
// real window (offscreen), messages flow in at a steady rate and are delivered to a local sink, and we
// measure:
//   - max_stall_ms: the longest the GUI thread's event loop went without turning, from a 5 ms timer that
//     notes how late it fires, over the whole run (window open, views switched, filters applied, load on);
//   - first_page_ms: from asking the Messages view for a queue (Incoming, then the archive) until its
//     first page is on screen, the slower of the two;
//   - filter_ms: from choosing a message type in the filter until the matching rows are on screen, the
//     slowest of: a common type in Incoming, a rare type in Incoming, a common and a rare type in the archive;
//   - timeline_ms: from asking the Objects view for one order's history (about four of the archived
//     messages are about each order) until its timeline is on screen; timeline_query_ms, the read alone.
// Baselines in the same run: the same stall monitor with the window open and no load (idle_stall_ms), and
// the same page queries run directly on a connection of their own (query_ms), so the window's overhead
// over the database's own cost shows as a ratio.
//
//   bench_gui [--messages N (default 1000000)] [--rate N per s (default 5000)] [--seconds N (default 20)]
//             [--dir PATH (keep the database there)]

#include "Sink.h"

#include "Backend.h"
#include "MainWindow.h"
#include "MessagesView.h"
#include "ObjectsView.h"
#include "RowsModel.h"
#include "TimelineModel.h"

#include "Engine.h"
#include "core/ObjectId.h"
#include "message/MessageObjects.h"
#include "storage/Browse.h"
#include "storage/ConfigStore.h"
#include "storage/History.h"
#include "storage/sqlite/Connection.h"
#include "storage/sqlite/DatabaseWriter.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <string>
#include <thread>
#include <utility>
#include <vector>

using namespace engine;

namespace {

const char *const types[] = {"order:new",       "order:updated",   "order:updated", "order:updated", "shipment:ready",
                             "product:updated", "product:updated", "user:new",      "stock:change",  "order:canceled"};
constexpr const char *rareType = "order:refunded"; // one message in 10,000

// Notes, on the GUI thread, how late a 5 ms timer fires: the longest the event loop did not turn, overall
// and in each phase of the run (so a stall can be traced to what the window was doing).
class StallMonitor : public QObject {
public:
    StallMonitor()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(5);
        m_timer.callOnTimeout([this] {
            const double now = double(m_clock.nsecsElapsed()) / 1e6;
            const double stall = now - m_last - 5.0;
            m_max = std::max(m_max, stall);
            if (!m_phases.empty())
                m_phases.back().second = std::max(m_phases.back().second, stall);
            m_last = now;
        });
    }
    void start()
    {
        m_clock.start();
        m_last = 0;
        m_max = 0;
        m_phases.clear();
        m_timer.start();
    }
    void phase(const char *name) { m_phases.emplace_back(name, 0.0); }
    double stop()
    {
        m_timer.stop();
        return std::max(0.0, m_max);
    }
    void report() const
    {
        for (const auto &[name, stall] : m_phases)
            std::fprintf(stderr, "  stall %6.1f ms  %s\n", std::max(0.0, stall), name.c_str());
    }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    double m_last = 0;
    double m_max = 0;
    std::vector<std::pair<std::string, double>> m_phases;
};

void check(int rc, sqlite3 *db, const char *what)
{
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
        qFatal("bench_gui: %s: %s", what, sqlite3_errmsg(db));
}

// The archive: `count` messages, a tenth of a second apart ending now, each accepted and delivered once.
void buildArchive(const QString &path, int count, qint64 endpointId, qint64 subscriptionId)
{
    sqlite3 *db = nullptr;
    check(sqlite3_open(path.toUtf8().constData(), &db), db, "open");
    check(sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; BEGIN", nullptr, nullptr, nullptr), db,
          "begin");
    sqlite3_stmt *message = nullptr;
    sqlite3_stmt *delivery = nullptr;
    sqlite3_stmt *object = nullptr;
    check(sqlite3_prepare_v2(db,
                             "INSERT OR IGNORE INTO message_objects (message_id, object_type, object_id) "
                             "VALUES (?1, ?2, ?3)",
                             -1, &object, nullptr),
          db, "prepare message_objects");
    check(sqlite3_prepare_v2(db,
                             "INSERT INTO messages (id, store_id, type, state, source, received_at, payload, "
                             "first_copy_id, last_copy_id) VALUES (?1, 'main', ?2, 'accepted', 'push', ?3, ?4, ?5, ?5)",
                             -1, &message, nullptr),
          db, "prepare messages");
    check(sqlite3_prepare_v2(
              db,
              "INSERT INTO deliveries (id, parent_id, store_id, subscription_id, endpoint_id, type, state, "
              "attempts, created_at, last_status, completed_at) "
              "VALUES (?1, ?2, 'main', ?3, ?4, ?5, 'archived', 1, ?6, 200, ?6)",
              -1, &delivery, nullptr),
          db, "prepare deliveries");
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 start = now - qint64(count) * 100;
    for (int i = 0; i < count; ++i) {
        const qint64 at = start + qint64(i) * 100;
        const std::string id = ObjectId::generate(quint32(at / 1000)).toString();
        const std::string deliveryId = ObjectId::generate(quint32(at / 1000)).toString();
        const char *type = i % 10'000 == 5'000 ? rareType : types[i % 10];
        const std::string payload =
            "{\"order\":{\"number\":\"R" + std::to_string(100'000'000 + i / 4) + "\",\"email\":\"customer" +
            std::to_string(i % 50'000) +
            "@example.com\",\"status\":\"complete\",\"currency\":\"USD\",\"totals\":{\"item\":39.98,"
            "\"shipping\":5.0,\"order\":44.98},\"line_items\":[{\"sku\":\"TOTE-" +
            std::to_string(i % 300) + "\",\"quantity\":2,\"price\":19.99}]}}";
        sqlite3_bind_text(message, 1, id.c_str(), int(id.size()), SQLITE_TRANSIENT);
        sqlite3_bind_text(message, 2, type, -1, SQLITE_STATIC);
        sqlite3_bind_int64(message, 3, at);
        sqlite3_bind_text(message, 4, payload.c_str(), int(payload.size()), SQLITE_TRANSIENT);
        sqlite3_bind_text(message, 5, deliveryId.c_str(), int(deliveryId.size()), SQLITE_TRANSIENT); // its one copy
        check(sqlite3_step(message), db, "insert message");
        sqlite3_reset(message);
        sqlite3_bind_text(delivery, 1, deliveryId.c_str(), int(deliveryId.size()), SQLITE_TRANSIENT);
        sqlite3_bind_text(delivery, 2, id.c_str(), int(id.size()), SQLITE_TRANSIENT);
        sqlite3_bind_int64(delivery, 3, subscriptionId);
        sqlite3_bind_int64(delivery, 4, endpointId);
        sqlite3_bind_text(delivery, 5, type, -1, SQLITE_STATIC);
        sqlite3_bind_int64(delivery, 6, at);
        check(sqlite3_step(delivery), db, "insert delivery");
        sqlite3_reset(delivery);
        // Filed under its objects as ingest files it: about four messages an order.
        for (const ObjectRef &o : objectsOf(type, payload)) {
            sqlite3_bind_text(object, 1, id.c_str(), int(id.size()), SQLITE_TRANSIENT);
            sqlite3_bind_text(object, 2, o.type.c_str(), int(o.type.size()), SQLITE_TRANSIENT);
            sqlite3_bind_text(object, 3, o.id.c_str(), int(o.id.size()), SQLITE_TRANSIENT);
            check(sqlite3_step(object), db, "insert message_objects");
            sqlite3_reset(object);
        }
    }
    sqlite3_finalize(message);
    sqlite3_finalize(delivery);
    sqlite3_finalize(object);
    check(sqlite3_exec(db, "COMMIT; ANALYZE; PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr), db,
          "commit");
    sqlite3_close(db);
}

// Waits, turning the event loop, until the model has rows for its current filter; returns milliseconds.
double untilShown(ui::RowsModel *model, const std::function<void()> &ask)
{
    QElapsedTimer timer;
    timer.start();
    ask();
    while (model->isLoading() || model->rowCount() == 0) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        if (timer.elapsed() > 60'000)
            qFatal("bench_gui: the Messages view showed nothing within a minute");
    }
    return double(timer.nsecsElapsed()) / 1e6;
}

// One object's timeline read alone, on a connection of its own: what the Objects view waits for.
double timelineQueryMs(const QString &path, const QString &order)
{
    auto connection = Connection::open(path, Connection::Mode::Read);
    if (!connection)
        qFatal("bench_gui: %s", qPrintable(connection.error().text()));
    QElapsedTimer timer;
    timer.start();
    auto entries = History::timeline((*connection)->database(), QStringLiteral("order"), order);
    const double ms = double(timer.nsecsElapsed()) / 1e6;
    if (!entries || entries->empty())
        qFatal("bench_gui: the timeline of %s is empty", qPrintable(order));
    return ms;
}

double queryMs(const QString &path, const Browse::Filter &filter)
{
    auto connection = Connection::open(path, Connection::Mode::Read);
    if (!connection)
        qFatal("bench_gui: %s", qPrintable(connection.error().text()));
    QElapsedTimer timer;
    timer.start();
    auto rows = Browse::page((*connection)->database(), filter, QString(), ui::RowsModel::PageSize);
    const double ms = double(timer.nsecsElapsed()) / 1e6;
    if (!rows || rows->empty())
        qFatal("bench_gui: the direct query found nothing");
    return ms;
}

void turn(int ms)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
}

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM",
            qgetenv("QT_QPA_PLATFORM").isEmpty() ? QByteArray("offscreen") : qgetenv("QT_QPA_PLATFORM"));
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("IntegratorBench"));
    int count = 1'000'000, rate = 5000, seconds = 20;
    QString dirPath;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == QLatin1String("--messages"))
            count = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--rate"))
            rate = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--seconds"))
            seconds = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--dir"))
            dirPath = args[i + 1];
    }
    QTemporaryDir temporary;
    QTemporaryDir settings;
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settings.path());
    const QString path = (dirPath.isEmpty() ? temporary.path() : dirPath) + QStringLiteral("/integrator.db");
    QFile::remove(path);

    bench::Sink sink(1);
    {
        // Schema and configuration through the engine's own writer; the archive straight into SQLite.
        DatabaseWriter writer(path);
        if (Status ok = writer.start(); !ok)
            qFatal("bench_gui: %s", qPrintable(ok.error().text()));
        Configuration config;
        Store store;
        store.id = QStringLiteral("main");
        store.name = QStringLiteral("Main store");
        store.pushToken = QStringLiteral("bench-token-0123456789");
        config.stores.push_back(store);
        Endpoint endpoint;
        endpoint.name = QStringLiteral("sink");
        endpoint.url = QStringLiteral("http://127.0.0.1:%1").arg(sink.ports().front());
        endpoint.concurrency = 16;
        config.endpoints.push_back(endpoint);
        Subscription s;
        s.endpoint = endpoint.name;
        s.messages = {QStringLiteral("*")};
        s.path = QStringLiteral("/in");
        config.subscriptions.push_back(s);
        Status ok = writer.execute([&](WriteTransaction &tx) {
            return ConfigStore(tx.database(), tx.clock()).import(config, ConfigStore::ImportMode::Replace);
        });
        writer.stop();
        if (!ok)
            qFatal("bench_gui: %s", qPrintable(ok.error().text()));
    }
    QElapsedTimer building;
    building.start();
    buildArchive(path, count, 1, 1);
    std::fprintf(stderr, "built %d archived messages in %.1f s (%.0f MB)\n", count, double(building.elapsed()) / 1000,
                 double(QFileInfo(path).size()) / 1e6);

    Browse::Filter incoming;
    Browse::Filter archive;
    archive.queue = Browse::Queue::Archive;
    Browse::Filter common = incoming;
    common.type = QStringLiteral("shipment:ready");
    Browse::Filter rare = incoming;
    rare.type = QString::fromLatin1(rareType);
    Browse::Filter archiveCommon = archive;
    archiveCommon.type = QStringLiteral("shipment:ready");
    Browse::Filter archiveRare = archive;
    archiveRare.type = QString::fromLatin1(rareType);
    const double queryFirst = std::max(queryMs(path, incoming), queryMs(path, archive));
    const double queryFilter = std::max(
        {queryMs(path, common), queryMs(path, rare), queryMs(path, archiveCommon), queryMs(path, archiveRare)});

    QElapsedTimer starting;
    starting.start();
    Engine engine(
        Engine::Options{.databasePath = path, .createDefaultStore = false, .dispatch = Dispatcher::Options{}});
    if (Status ok = engine.start(); !ok)
        qFatal("bench_gui: %s", qPrintable(ok.error().text()));
    std::fprintf(stderr, "engine started on it in %.0f ms\n", double(starting.elapsed()));

    StallMonitor monitor;
    ui::Backend backend(engine, QStringLiteral("http://127.0.0.1:8420"));
    // Opening the window: the Messages view starts on Incoming and asks for its first page at once.
    QElapsedTimer opening;
    opening.start();
    ui::MainWindow window(backend);
    window.resize(1400, 900);
    window.show();
    untilShown(window.messages()->model(), [] {});
    const double firstOpen = double(opening.nsecsElapsed()) / 1e6;
    turn(500);

    // Baseline: the window open, nothing flowing.
    monitor.start();
    window.showView(ui::MainWindow::Dashboard);
    turn(2000);
    const double idleStall = monitor.stop();

    // The load: `rate` messages per second in batches every 10 ms, from a thread of their own.
    Json payload = Json::parse(R"({"order":{"number":"R1","email":"jane@example.com","status":"complete",
        "totals":{"order":44.98},"line_items":[{"sku":"TOTE-1","quantity":2,"price":19.99}]}})");
    std::atomic<bool> stop{false};
    std::atomic<long long> taken{0};
    std::thread feeder([&] {
        const int perBatch = std::max(1, rate / 100);
        auto next = std::chrono::steady_clock::now();
        long long n = 0;
        while (!stop.load()) {
            std::vector<IncomingMessage> batch;
            for (int i = 0; i < perBatch; ++i) {
                payload["order"]["number"] = "R" + std::to_string(200'000'000 + n++);
                Result<Message> m = Message::create(types[n % 10], payload);
                batch.push_back(IncomingMessage::from(std::move(*m), QStringLiteral("main"), "push"));
            }
            engine.ingest().take(std::move(batch),
                                 [&taken, perBatch](const Status &ok, const std::vector<TakenMessage> &) {
                                     if (ok)
                                         taken.fetch_add(perBatch);
                                 });
            next += std::chrono::milliseconds(10);
            std::this_thread::sleep_until(next);
        }
    });

    monitor.start();
    QElapsedTimer run;
    run.start();
    monitor.phase("dashboard, live");
    turn(2000);
    ui::MessagesView *messages = window.messages();
    monitor.phase("messages: shown");
    window.showView(ui::MainWindow::Messages);
    turn(1000);
    monitor.phase("messages: to the archive");
    const double firstArchive = untilShown(messages->model(), [&] { messages->showQueue(Browse::Queue::Archive); });
    turn(1000);
    monitor.phase("messages: archive by type");
    const double filterArchive =
        untilShown(messages->model(), [&] { messages->setTypeFilter(QStringLiteral("shipment:ready")); });
    turn(1000);
    monitor.phase("messages: archive by a rare type");
    const double filterArchiveRare =
        untilShown(messages->model(), [&] { messages->setTypeFilter(QString::fromLatin1(rareType)); });
    turn(1000);
    monitor.phase("messages: back to Incoming");
    messages->setTypeFilter(QString());
    const double firstAgain = untilShown(messages->model(), [&] { messages->showQueue(Browse::Queue::Incoming); });
    turn(1000);
    monitor.phase("messages: Incoming by a common type");
    const double filterCommon =
        untilShown(messages->model(), [&] { messages->setTypeFilter(QStringLiteral("shipment:ready")); });
    turn(1000);
    monitor.phase("messages: Incoming by a rare type");
    const double filterRare =
        untilShown(messages->model(), [&] { messages->setTypeFilter(QString::fromLatin1(rareType)); });
    // One order's history among them all, while messages flow: the first page of its timeline.
    monitor.phase("objects: one order's timeline");
    window.showView(ui::MainWindow::Objects);
    const QString order = QStringLiteral("R%1").arg(100'000'000 + count / 8);
    QElapsedTimer timelineTimer;
    timelineTimer.start();
    window.objects()->showObject(QStringLiteral("order"), order);
    while (window.objects()->model()->rowCount() == 0) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        if (timelineTimer.elapsed() > 60'000)
            qFatal("bench_gui: the Objects view showed nothing within a minute");
    }
    const double timeline = double(timelineTimer.nsecsElapsed()) / 1e6;
    const double timelineQuery = timelineQueryMs(path, order);
    turn(1000);
    window.showView(ui::MainWindow::Messages);
    turn(500);
    // Scroll through the list as a reader would, page after page, while it keeps flowing.
    monitor.phase("messages: scrolling down");
    messages->setTypeFilter(QString());
    untilShown(messages->model(), [] {});
    for (int i = 0; i < 20; ++i) {
        messages->table()->scrollToBottom();
        turn(100);
    }
    const int scrolled = messages->model()->rowCount();
    for (int v : {ui::MainWindow::Endpoints, ui::MainWindow::Subscriptions, ui::MainWindow::Stores,
                  ui::MainWindow::Alerts, ui::MainWindow::Dashboard}) {
        monitor.phase(qPrintable(QStringLiteral("view %1").arg(v)));
        window.showView(ui::MainWindow::View(v));
        turn(500);
    }
    monitor.phase("dashboard, until the end");
    while (run.elapsed() < qint64(seconds) * 1000)
        turn(100);
    const double loadedSeconds = double(run.elapsed()) / 1000.0;
    const double maxStall = monitor.stop();
    monitor.report();
    stop = true;
    feeder.join();
    const long long delivered = sink.received();
    window.close();
    engine.stop();

    const double firstPage = std::max({firstOpen, firstArchive, firstAgain});
    const double filter = std::max({filterArchive, filterArchiveRare, filterCommon, filterRare});
    std::fprintf(stderr,
                 "load: %.0f messages/s taken, %.0f deliveries/s at the sink, over %.1f s\n"
                 "first page: Incoming %.1f ms as the window opened (%.1f ms coming back to it), archive %.1f ms; the "
                 "queries alone: %.1f ms at most\n"
                 "type filter: common in Incoming %.1f ms, rare in Incoming %.1f ms, common in the archive %.1f ms, "
                 "rare %.1f ms; "
                 "the queries alone: %.1f ms at most\n"
                 "one order's timeline (of ~4 messages among %d): %.1f ms until shown, the query alone %.1f ms\n"
                 "scrolled to %d rows; event loop stall: %.1f ms at most under load, %.1f ms idle\n",
                 double(taken.load()) / loadedSeconds, double(delivered) / loadedSeconds, loadedSeconds, firstOpen,
                 firstAgain, firstArchive, queryFirst, filterCommon, filterRare, filterArchive, filterArchiveRare,
                 queryFilter, count, timeline, timelineQuery, scrolled, maxStall, idleStall);
    std::printf(
        "{\"max_stall_ms\": %.1f, \"first_page_ms\": %.1f, \"filter_ms\": %.1f, \"idle_stall_ms\": %.1f, "
        "\"first_page_query_ms\": %.1f, \"filter_query_ms\": %.1f, \"timeline_ms\": %.1f, \"timeline_query_ms\": %.1f, "
        "\"messages_per_s\": %.0f, \"archived\": %d}\n",
        maxStall, firstPage, filter, idleStall, queryFirst, queryFilter, timeline, timelineQuery,
        double(taken.load()) / loadedSeconds, count);
    return 0;
}
