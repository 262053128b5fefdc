#pragma once
// Polls every store that has an API and polling on, each on its own schedule (orders every orders_s), on
// one thread of the engine's. Follows the configuration watcher's snapshots: a store added, changed or
// removed is polled, re-read or dropped at the next turn. A 429's Retry-After and the pace put off a store's
// next poll; a failure is retried at its usual interval, the heartbeat counting it.

#include "StorePoller.h"
#include "core/Worker.h"

#include <QString>

#include <atomic>
#include <functional>
#include <map>
#include <memory>

namespace engine {

class ConfigWatcher;
class Ingest;
class ReadConnection;
class Writer;

class Poller {
public:
    struct Options {
        StorePoller::Options store;
        // Whether this engine polls the store now (it holds its lease, cluster/Leases); empty: every store,
        // as the one engine on its database. Thread-safe.
        std::function<bool(const QString &storeId)> polls;
    };

    Poller(ConfigWatcher &config, Writer &writer, Ingest &ingest, const Clock &clock, QString databasePath,
           Options options = Options());
    ~Poller();

    Status start();
    void stop();

    // Polls the store at once (the window's Poll now); a store that is not polled is left alone.
    void pollNow(const QString &storeId);
    // Polls finished since start, for tests and the window to wait on.
    qint64 polls() const { return m_polls.load(); }

private:
    void run(std::unique_ptr<ReadConnection> reads);

    ConfigWatcher &m_config;
    Writer &m_writer;
    Ingest &m_ingest;
    const Clock &m_clock;
    QString m_path;
    Options m_options;
    Worker m_worker;
    std::atomic<bool> m_cancel{false};
    std::atomic<qint64> m_polls{0};
    // Under m_worker.mutex():
    QString m_pollNow;
};

} // namespace engine
