#include "Poller.h"

#include "config/ConfigWatcher.h"
#include "storage/ReadConnection.h"

#include <algorithm>

namespace engine {

Poller::Poller(ConfigWatcher &config, Writer &writer, Ingest &ingest, const Clock &clock, QString databasePath,
               Options options)
    : m_config(config), m_writer(writer), m_ingest(ingest), m_clock(clock), m_path(std::move(databasePath)),
      m_options(std::move(options))
{
}

Poller::~Poller()
{
    stop();
}

Status Poller::start()
{
    m_cancel.store(false);
    return m_worker.start<std::unique_ptr<ReadConnection>>(
        "poller", [this] { return openReadConnection(m_path); },
        [this](std::unique_ptr<ReadConnection> reads) { run(std::move(reads)); });
}

void Poller::stop()
{
    m_cancel.store(true); // ends a request under way
    m_worker.stop();
}

void Poller::pollNow(const QString &storeId)
{
    std::lock_guard lock(m_worker.mutex());
    m_pollNow = storeId;
    m_worker.wake();
}

void Poller::run(std::unique_ptr<ReadConnection> reads)
{
    using Resource = StorePoller::Resource;
    constexpr Resource resources[] = {Resource::Orders, Resource::Customers, Resource::Products};
    struct Scheduled {
        std::unique_ptr<StorePoller> poller;
        qint64 dueAt[3] = {0, 0, 0}; // by resource
    };
    std::map<QString, Scheduled> stores;
    while (true) {
        QString now;
        {
            std::unique_lock lock(m_worker.mutex());
            qint64 wait = 1'000; // the configuration is looked at again at least this often
            const qint64 t = m_clock.nowMs();
            for (const auto &[id, s] : stores) {
                if (m_options.polls && !m_options.polls(id))
                    continue; // not this engine's to poll: what fell due there does not wake it
                for (qint64 due : s.dueAt)
                    wait = std::min(wait, std::max<qint64>(0, due - t));
            }
            m_worker.waitFor(lock, std::chrono::milliseconds(wait), [this] { return !m_pollNow.isEmpty(); });
            if (m_worker.stopping())
                return;
            now = std::exchange(m_pollNow, QString());
        }

        // The stores to poll, from the latest snapshot.
        const std::shared_ptr<const ConfigSnapshot> snapshot = m_config.current();
        std::map<QString, Scheduled> next;
        for (const Store &store : snapshot->configuration.stores) {
            if (!store.polled())
                continue;
            auto it = stores.find(store.id);
            if (it != stores.end()) {
                if (!(it->second.poller->store() == store))
                    it->second.poller->setStore(store);
                next[store.id] = std::move(it->second);
            } else {
                next[store.id].poller = std::make_unique<StorePoller>(store, m_writer, m_ingest, *reads, m_clock,
                                                                      m_options.store, &m_cancel);
            }
        }
        stores = std::move(next);

        for (auto &[id, s] : stores) {
            if (m_options.polls && !m_options.polls(id))
                continue; // another engine polls it; its cursor is read afresh when this one takes over
            const PollSettings &settings = s.poller->store().poll;
            const int intervalsS[] = {settings.ordersS, settings.customersS, settings.productsS};
            for (int r = 0; r < 3; ++r) {
                // Poll now polls the orders; customers and products keep their own pace.
                if (m_clock.nowMs() < s.dueAt[r] && !(id == now && r == 0))
                    continue;
                const StorePoller::Report report = s.poller->poll(resources[r]);
                ++m_polls;
                // A store that fails is asked less often, up to eight intervals apart (or 15 minutes at most,
                // if the interval is shorter), so that one that is down is not hammered.
                const int failures = s.poller->failuresInRow();
                const qint64 interval = intervalsS[r] * 1000LL;
                const qint64 wait = failures == 0 ? interval
                                                  : std::min(interval << std::min(failures - 1, 3),
                                                             std::max(interval, qint64(15 * 60'000)));
                s.dueAt[r] = std::max(m_clock.nowMs() + wait, report.retryAtMs);
                std::lock_guard lock(m_worker.mutex());
                if (m_worker.stopping())
                    return;
            }
        }
    }
}

} // namespace engine
