#include "ConfigWatcher.h"

#include "storage/ConfigStore.h"
#include "storage/ReadConnection.h"

#include <chrono>
#include <future>

namespace engine {

ConfigWatcher::ConfigWatcher(QString databasePath, int intervalMs)
    : m_path(std::move(databasePath)), m_intervalMs(intervalMs), m_snapshot(std::make_shared<ConfigSnapshot>())
{
}

ConfigWatcher::~ConfigWatcher()
{
    stop();
}

Status ConfigWatcher::start()
{
    return m_worker.start<std::unique_ptr<ReadConnection>>(
        "config-watch",
        [this]() -> Result<std::unique_ptr<ReadConnection>> {
            Result<std::unique_ptr<ReadConnection>> connection = openReadConnection(m_path);
            if (!connection)
                return connection;
            const ConfigStore config((*connection)->database(), Clock::system());
            Result<qint64> revision = config.revision();
            if (!revision)
                return revision.error();
            Result<Configuration> loaded = config.load();
            if (!loaded)
                return loaded.error();
            publish(std::make_shared<ConfigSnapshot>(ConfigSnapshot{*revision, std::move(loaded).value()}));
            return connection;
        },
        [this](std::unique_ptr<ReadConnection> connection) { run(*connection); });
}

void ConfigWatcher::stop()
{
    m_worker.stop();
    // Nobody waits for a snapshot that will not come.
    std::vector<Waiter> waiters;
    {
        std::lock_guard lock(m_worker.mutex());
        waiters.swap(m_waiters);
    }
    for (Waiter &w : waiters)
        w.then();
}

std::shared_ptr<const ConfigSnapshot> ConfigWatcher::current() const
{
    std::lock_guard lock(m_snapshotMutex);
    return m_snapshot;
}

std::shared_ptr<const ConfigSnapshot> ConfigWatcher::latest()
{
    std::unique_lock lock(m_worker.mutex());
    if (!m_worker.isRunning() || m_worker.stopping()) {
        lock.unlock();
        return current();
    }
    // Answered after the next look that begins from now on: one already running may have read the
    // revision before the caller asked (see run()).
    std::promise<void> looked;
    std::future<void> done = looked.get_future();
    m_waiters.push_back({-1, [&looked] { looked.set_value(); }});
    m_lookRequested = true;
    m_worker.wake();
    lock.unlock();
    done.wait();
    return current();
}

void ConfigWatcher::whenSeen(qint64 revision, std::function<void()> then)
{
    if (current()->revision >= revision) {
        then();
        return;
    }
    {
        std::lock_guard lock(m_worker.mutex());
        if (m_worker.isRunning() && !m_worker.stopping()) {
            m_waiters.push_back({revision, std::move(then)});
            m_lookRequested = true;
            m_worker.wake();
            return;
        }
    }
    then();
}

void ConfigWatcher::onChange(std::function<void()> listener)
{
    std::lock_guard lock(m_listenersMutex);
    m_listeners.push_back(std::move(listener));
}

void ConfigWatcher::publish(std::shared_ptr<const ConfigSnapshot> snapshot)
{
    std::lock_guard lock(m_snapshotMutex);
    m_snapshot = std::move(snapshot);
}

void ConfigWatcher::look(ReadConnection &connection)
{
    const ConfigStore config(connection.database(), Clock::system());
    Result<qint64> revision = config.revision();
    if (!revision) {
        qWarning("Integrator: the configuration cannot be read: %s", qPrintable(revision.error().text()));
        return;
    }
    if (*revision == current()->revision)
        return;
    Result<Configuration> loaded = config.load();
    if (!loaded) {
        qWarning("Integrator: the configuration cannot be read: %s", qPrintable(loaded.error().text()));
        return;
    }
    publish(std::make_shared<ConfigSnapshot>(ConfigSnapshot{*revision, std::move(loaded).value()}));
    std::vector<std::function<void()>> listeners;
    {
        std::lock_guard lock(m_listenersMutex);
        listeners = m_listeners;
    }
    for (const auto &listener : listeners)
        listener();
}

void ConfigWatcher::run(ReadConnection &connection)
{
    while (true) {
        std::vector<Waiter> asked;
        {
            std::unique_lock lock(m_worker.mutex());
            m_worker.waitFor(lock, std::chrono::milliseconds(m_intervalMs), [this] { return m_lookRequested; });
            if (m_worker.stopping())
                return;
            m_lookRequested = false;
            // Those who asked before this look began are answered after it.
            asked.swap(m_waiters);
        }
        look(connection);
        const qint64 seen = current()->revision;
        std::vector<Waiter> later;
        for (Waiter &w : asked) {
            if (w.revision <= seen)
                w.then();
            else
                later.push_back(std::move(w)); // committed, but not yet visible to this connection: look again
        }
        std::lock_guard lock(m_worker.mutex());
        if (!later.empty()) {
            m_waiters.insert(m_waiters.end(), std::make_move_iterator(later.begin()),
                             std::make_move_iterator(later.end()));
            m_lookRequested = true;
        }
    }
}

} // namespace engine
