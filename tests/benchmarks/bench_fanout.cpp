// bench_fanout (DESIGN §12): the store and fan-out alone. 100,000 messages with a ~1 KB order payload are
// taken through Ingest and fanned out to 3 subscriptions in the real SQLite store (WAL, every commit on disk
// before it is acknowledged). Also run, first: the engine with each COMMIT flushing the log itself
// (synchronous=FULL) instead of WalSyncer beside the writer.
//
// Baseline, in the same run: the same rows (one message, three deliveries) written by a plain loop of
// prepared statements into the same schema, 2,000 messages per transaction, SQLite's own checkpointing,
// no parsing, routing or filters. The ratio shows what the engine costs or gains over writing the rows
// directly.
//
// Then consumers (DESIGN §7): the engine again with the two default consumers on, interleaved with it
// without them, `--rounds` times: on orders neither consumer takes (complete, shipment pending: each is
// offered and tested, nothing is emitted) and on orders both take (canceled, shipment ready: each emits an
// order:canceled and a shipment:ready, stored and fanned out in the same transaction).
//
// With --index-costs it runs only the baseline, once as the schema is and once without each secondary index
// of messages and deliveries, interleaved `--rounds` times: what each index costs the writer, for a schema change.
//
//   bench_fanout [--messages N] [--dir PATH] [--rounds N] [--index-costs]

#include "OrderMessage.h"

#include "config/DefaultConsumers.h"
#include "core/ObjectId.h"
#include "ingest/Ingest.h"
#include "storage/ConfigStore.h"
#include "storage/sqlite/Connection.h"
#include "storage/sqlite/DatabaseWriter.h"
#include "storage/sqlite/Migrator.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <future>
#include <map>

using namespace engine;

namespace {

// Orders whose shipment is pending and which are complete (no default consumer emits anything), or, when
// `canceled`, canceled with the shipment ready (both do).
std::vector<IncomingMessage> makeMessages(int count, bool canceled = false)
{
    Json base = bench::orderMessage();
    base["payload"]["order"]["status"] = canceled ? "canceled" : "complete";
    base["payload"]["order"]["shipments"][0]["status"] = canceled ? "ready" : "pending";
    std::vector<IncomingMessage> messages;
    messages.reserve(size_t(count));
    for (int i = 0; i < count; ++i) {
        Json doc = base;
        doc["payload"]["order"]["number"] = "R" + std::to_string(100000000 + i);
        doc["payload"]["order"]["shipments"][0]["number"] = "H" + std::to_string(100000000000 + i);
        Result<Message> m = Message::parse(std::move(doc));
        messages.push_back(IncomingMessage::from(std::move(m).value(), QStringLiteral("main"), "push"));
    }
    return messages;
}

Configuration threeSubscriptions()
{
    Configuration config;
    Store store;
    store.id = QStringLiteral("main");
    store.name = QStringLiteral("Bench store");
    store.pushToken = QStringLiteral("bench-token-0123456789");
    config.stores.push_back(store);
    for (const char *name : {"warehouse", "erp", "mailer"}) {
        Endpoint e;
        e.name = QLatin1String(name);
        e.url = QStringLiteral("http://127.0.0.1:9001");
        config.endpoints.push_back(e);
    }
    Subscription exact;
    exact.endpoint = QStringLiteral("warehouse");
    exact.messages = {QStringLiteral("order:new")};
    exact.path = QStringLiteral("/orders");
    Subscription filtered;
    filtered.endpoint = QStringLiteral("erp");
    filtered.messages = {QStringLiteral("order:*")};
    filtered.filters = {FilterRule{"payload.order.status", "eq", "complete"}};
    Subscription everything;
    everything.endpoint = QStringLiteral("mailer");
    everything.messages = {QStringLiteral("*")};
    config.subscriptions = {exact, filtered, everything};
    return config;
}

struct Figures {
    double seconds = 0;
    qint64 deliveries = 0;
    qint64 transactions = 0;
    qint64 derived = 0; // messages consumers emitted
};

Figures runEngine(const QString &path, std::vector<IncomingMessage> messages, bool flushInBackground = true,
                  const std::vector<Consumer> &consumers = {})
{
    DatabaseWriter::Options options;
    options.flushInBackground = flushInBackground;
    DatabaseWriter writer(path, Clock::system(), options);
    if (Status ok = writer.start(); !ok)
        qFatal("bench_fanout: %s", qPrintable(ok.error().text()));
    Configuration config = threeSubscriptions();
    config.consumers = consumers;
    if (Status ok = writer.execute([&](WriteTransaction &tx) {
            return ConfigStore(tx.database(), tx.clock()).import(config, ConfigStore::ImportMode::Replace);
        });
        !ok)
        qFatal("bench_fanout: %s", qPrintable(ok.error().text()));
    Ingest ingest(writer, Clock::system());

    // Hand messages over in requests of 250, as the push API's group commit would, all at once: the
    // writer takes up to its batch weight per transaction.
    constexpr size_t request = 250;
    const size_t requests = (messages.size() + request - 1) / request;
    std::atomic<qint64> deliveries{0};
    std::atomic<qint64> derived{0};
    std::atomic<size_t> finished{0};
    std::promise<void> allDone;
    const qint64 transactionsBefore = writer.committedTransactions();
    QElapsedTimer timer;
    timer.start();
    for (size_t first = 0; first < messages.size(); first += request) {
        const size_t last = std::min(messages.size(), first + request);
        std::vector<IncomingMessage> part(std::make_move_iterator(messages.begin() + qsizetype(first)),
                                          std::make_move_iterator(messages.begin() + qsizetype(last)));
        ingest.take(std::move(part), [&](const Status &committed, const std::vector<TakenMessage> &taken) {
            if (!committed)
                qFatal("bench_fanout: commit failed: %s", qPrintable(committed.error().text()));
            for (const TakenMessage &t : taken) {
                deliveries += t.deliveries;
                for (const TakenMessage &d : t.derived) {
                    deliveries += d.deliveries;
                    derived += d.outcome == TakenMessage::Outcome::Stored ? 1 : 0;
                }
            }
            if (++finished == requests)
                allDone.set_value();
        });
    }
    allDone.get_future().wait();
    Figures f{timer.nsecsElapsed() / 1e9, deliveries.load(), writer.committedTransactions() - transactionsBefore,
              derived.load()};
    writer.stop();
    return f;
}

// The same rows, written as directly as SQLite allows; `dropIndex`, if given, is left out of the schema.
Figures runBaseline(const QString &path, const std::vector<IncomingMessage> &messages, const QString &dropIndex = {})
{
    {
        auto c = Connection::open(path, Connection::Mode::Write);
        if (!c || !Migrator::migrate(**c))
            qFatal("bench_fanout: cannot prepare the baseline database");
        if (!dropIndex.isEmpty() && !(*c)->exec(QStringLiteral("DROP INDEX ") + dropIndex))
            qFatal("bench_fanout: cannot drop %s", qPrintable(dropIndex));
    }
    sqlite3 *db = nullptr;
    sqlite3_open(path.toUtf8().constData(), &db);
    sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA cache_size=-32768", nullptr, nullptr,
                 nullptr);
    sqlite3_stmt *insertMessage = nullptr;
    sqlite3_stmt *insertDelivery = nullptr;
    sqlite3_prepare_v2(db,
                       "INSERT INTO messages (id, store_id, type, state, source, depth, received_at, payload, "
                       "first_copy_id, last_copy_id) VALUES (?, 'main', ?, 'accepted', 'push', 0, ?, ?, ?, ?)",
                       -1, &insertMessage, nullptr);
    sqlite3_prepare_v2(db,
                       "INSERT INTO deliveries (id, parent_id, subscription_id, endpoint_id, type, state, due_at, "
                       "created_at) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)",
                       -1, &insertDelivery, nullptr);
    QElapsedTimer timer;
    timer.start();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    qint64 deliveries = 0;
    qint64 transactions = 0;
    for (size_t i = 0; i < messages.size(); ++i) {
        if (i % 2000 == 0)
            sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
        const IncomingMessage &m = messages[i];
        const std::array<std::string, 3> ids{ObjectId::generate().toString(), ObjectId::generate().toString(),
                                             ObjectId::generate().toString()};
        const auto [first, last] = std::minmax_element(ids.begin(), ids.end());
        sqlite3_bind_text(insertMessage, 1, m.id.data(), int(m.id.size()), SQLITE_STATIC);
        sqlite3_bind_text(insertMessage, 2, m.type.data(), int(m.type.size()), SQLITE_STATIC);
        sqlite3_bind_int64(insertMessage, 3, now);
        sqlite3_bind_text(insertMessage, 4, m.payloadText.data(), int(m.payloadText.size()), SQLITE_STATIC);
        sqlite3_bind_text(insertMessage, 5, first->data(), int(first->size()), SQLITE_STATIC);
        sqlite3_bind_text(insertMessage, 6, last->data(), int(last->size()), SQLITE_STATIC);
        sqlite3_step(insertMessage);
        sqlite3_reset(insertMessage);
        for (int s = 1; s <= 3; ++s) {
            const std::string &id = ids[size_t(s - 1)];
            sqlite3_bind_text(insertDelivery, 1, id.data(), int(id.size()), SQLITE_STATIC);
            sqlite3_bind_text(insertDelivery, 2, m.id.data(), int(m.id.size()), SQLITE_STATIC);
            sqlite3_bind_int(insertDelivery, 3, s);
            sqlite3_bind_int(insertDelivery, 4, s);
            sqlite3_bind_text(insertDelivery, 5, m.type.data(), int(m.type.size()), SQLITE_STATIC);
            sqlite3_bind_int64(insertDelivery, 6, now);
            sqlite3_bind_int64(insertDelivery, 7, now);
            if (sqlite3_step(insertDelivery) == SQLITE_DONE)
                ++deliveries;
            sqlite3_reset(insertDelivery);
        }
        if (i % 2000 == 1999 || i + 1 == messages.size()) {
            sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
            ++transactions;
        }
    }
    Figures f{timer.nsecsElapsed() / 1e9, deliveries, transactions};
    sqlite3_finalize(insertMessage);
    sqlite3_finalize(insertDelivery);
    sqlite3_close(db);
    return f;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

// The baseline with the schema as it is and without each secondary index, in turn, `rounds` times over so
// that drift in the machine's speed falls on every variant alike.
int reportIndexCosts(const QTemporaryDir &temp, const std::vector<IncomingMessage> &messages, int rounds)
{
    const QStringList variants{QString(), QStringLiteral("messages_type"), QStringLiteral("messages_unaccepted"),
                               QStringLiteral("messages_parent"), QStringLiteral("deliveries_live")};
    std::map<QString, std::vector<double>> rates;
    for (int round = 0; round < rounds; ++round) {
        for (const QString &drop : variants) {
            const QString path = temp.filePath(QStringLiteral("index-costs-%1.db").arg(round));
            const Figures f = runBaseline(path, messages, drop);
            rates[drop].push_back(double(messages.size()) / f.seconds);
            for (const char *suffix : {"", "-wal", "-shm"})
                QFile::remove(path + QLatin1String(suffix));
        }
    }
    const double full = median(rates[QString()]);
    std::printf("  plain prepared inserts, 2000 per commit, median of %d rounds:\n", rounds);
    for (const QString &drop : variants) {
        const double rate = median(rates[drop]);
        std::printf("  %-32s %7.0f messages/s  %+5.1f%%\n",
                    qPrintable(drop.isEmpty() ? QStringLiteral("schema as it is") : QStringLiteral("without ") + drop),
                    rate, 100.0 * (rate / full - 1.0));
    }
    return 0;
}

// The engine without consumers and with the two defaults on, on orders they do not take and on orders they
// both take, interleaved `rounds` times. Prints the medians and returns them: none, nothing taken, all taken.
std::array<double, 3> reportConsumerCosts(const QTemporaryDir &temp, int count, int rounds)
{
    const std::vector<Consumer> defaults = DefaultConsumers::all();
    std::array<std::vector<double>, 3> rates;
    std::array<Figures, 3> last;
    for (int round = 0; round < rounds; ++round) {
        for (int variant = 0; variant < 3; ++variant) {
            const QString path = temp.filePath(QStringLiteral("consumers-%1-%2.db").arg(round).arg(variant));
            last[size_t(variant)] = runEngine(path, makeMessages(count, variant == 2), true,
                                              variant == 0 ? std::vector<Consumer>{} : defaults);
            rates[size_t(variant)].push_back(count / last[size_t(variant)].seconds);
            for (const char *suffix : {"", "-wal", "-shm"})
                QFile::remove(path + QLatin1String(suffix));
        }
    }
    const std::array<double, 3> medians{median(rates[0]), median(rates[1]), median(rates[2])};
    std::printf("  consumers, median of %d interleaved rounds (messages taken in per second):\n", rounds);
    std::printf("    none:                                   %7.0f messages/s\n", medians[0]);
    std::printf("    the two defaults, neither takes them:   %7.0f messages/s  %+5.1f%%\n", medians[1],
                100.0 * (medians[1] / medians[0] - 1.0));
    std::printf("    the two defaults, both emit from each:  %7.0f messages/s  %+5.1f%% (each also stores %.1f derived "
                "messages, %.1f deliveries in all)\n",
                medians[2], 100.0 * (medians[2] / medians[0] - 1.0), double(last[2].derived) / count,
                double(last[2].deliveries) / count);
    if (last[1].derived != 0 || last[2].derived != 2LL * count)
        std::printf("  WARNING: expected 0 and %d derived messages, made %lld and %lld\n", 2 * count,
                    static_cast<long long>(last[1].derived), static_cast<long long>(last[2].derived));
    return medians;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    int count = 100000;
    QString dir;
    const QStringList args = app.arguments();
    bool indexCosts = false;
    int rounds = 3;
    for (int i = 1; i < args.size(); ++i) {
        const bool hasValue = i + 1 < args.size();
        if (args[i] == QLatin1String("--index-costs"))
            indexCosts = true;
        else if (args[i] == QLatin1String("--messages") && hasValue)
            count = args[++i].toInt();
        else if (args[i] == QLatin1String("--dir") && hasValue)
            dir = args[++i];
        else if (args[i] == QLatin1String("--rounds") && hasValue)
            rounds = args[++i].toInt();
    }
    QTemporaryDir temp(dir.isEmpty() ? QDir::tempPath() + QStringLiteral("/bench_fanout-XXXXXX")
                                     : dir + QStringLiteral("/bench_fanout-XXXXXX"));

    std::printf("bench_fanout: preparing %d order:new messages...\n", count);
    std::vector<IncomingMessage> messages = makeMessages(count);
    std::printf("  payload %zu bytes, 3 subscriptions match each message, WAL flushed before each acknowledgement\n",
                messages.front().payloadText.size());

    if (indexCosts)
        return reportIndexCosts(temp, messages, rounds);

    const Figures baseline = runBaseline(temp.filePath(QStringLiteral("baseline.db")), messages);
    const double baselineRate = count / baseline.seconds;
    std::printf("  baseline (plain prepared inserts, 2000 per commit): %.2f s, %.0f messages/s\n", baseline.seconds,
                baselineRate);

    // The engine with each COMMIT flushing the log itself, as before WalSyncer: what flushing beside the
    // writer gains.
    const Figures inCommit = runEngine(temp.filePath(QStringLiteral("engine-full.db")), makeMessages(count), false);
    std::printf("  engine, each COMMIT flushing (synchronous=FULL): %.2f s, %.0f messages/s\n", inCommit.seconds,
                count / inCommit.seconds);

    const Figures engine = runEngine(temp.filePath(QStringLiteral("engine.db")), std::move(messages));
    const double rate = count / engine.seconds;
    std::printf("  engine (Ingest, fan-out, group commit, log flushed beside the writer): %.2f s, %.0f messages/s, "
                "%.0f deliveries/s, "
                "%lld transactions (%.0f messages each)\n",
                engine.seconds, rate, engine.deliveries / engine.seconds, static_cast<long long>(engine.transactions),
                double(count) / double(std::max<qint64>(1, engine.transactions)));
    if (engine.deliveries != 3LL * count)
        std::printf("  WARNING: expected %d deliveries, made %lld\n", 3 * count,
                    static_cast<long long>(engine.deliveries));

    const std::array<double, 3> consumers = reportConsumerCosts(temp, count, rounds);

    std::printf("{\"messages_per_s\": %.0f, \"deliveries_per_s\": %.0f, \"baseline_messages_per_s\": %.0f, "
                "\"ratio\": %.2f, \"flushing_in_commit_messages_per_s\": %.0f, \"consumers_none_messages_per_s\": "
                "%.0f, \"consumers_unmatched_messages_per_s\": %.0f, \"consumers_matched_messages_per_s\": %.0f, "
                "\"messages\": %d}\n",
                rate, engine.deliveries / engine.seconds, baselineRate, rate / baselineRate, count / inCommit.seconds,
                consumers[0], consumers[1], consumers[2], count);
    return 0;
}
