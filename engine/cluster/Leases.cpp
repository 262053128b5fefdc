#include "Leases.h"

#include "config/ConfigWatcher.h"
#include "storage/LeaseStore.h"
#include "storage/Writer.h"

#include <QCoreApplication>
#include <QHostInfo>
#include <QRandomGenerator>

#include <algorithm>
#include <future>
#include <vector>

namespace engine {

namespace {

const std::string nodePrefix = "node:";
const std::string endpointPrefix = "endpoint:";
const std::string storePrefix = "store:";
const std::string retentionLease = "retention";

} // namespace

// What one round asks of the database and what it found. Its job may run twice (the writer re-runs a
// batch's jobs after a rollback), so what it found is made afresh each time.
struct Leases::Round {
    std::string holder;
    qint64 ttlMs = 0;
    bool last = false;
    std::vector<std::string> endpoints, stores; // what the configuration has, sorted
    std::set<std::string> releasable;           // leaving endpoints with nothing in flight
    std::set<std::string> leaving;              // as the round began

    std::set<std::string> held;
    std::set<std::string> nowLeaving;

    // One kind of lease: renews what it holds, gives up what it no longer should, and takes free ones up to
    // its share. Endpoints over the share start leaving (given up at a later round, once idle); others go
    // at once.
    Status share(LeaseStore &store, const std::string &prefix, const std::vector<std::string> &wanted, int nodes,
                 bool drain)
    {
        Result<std::map<std::string, std::string>> live = store.live(prefix);
        if (!live)
            return live.error();
        const int fair = int((qint64(wanted.size()) + nodes - 1) / nodes);
        const std::set<std::string> known(wanted.begin(), wanted.end());
        std::vector<std::string> mine;
        for (const auto &[name, by] : *live) {
            if (by != holder)
                continue;
            if (!known.count(name) || releasable.count(name)) {
                if (Status ok = store.release(name, holder); !ok)
                    return ok;
                continue;
            }
            Result<bool> renewed = store.take(name, holder, ttlMs);
            if (!renewed)
                return renewed.error();
            if (*renewed)
                mine.push_back(name);
        }
        for (const std::string &name : wanted) {
            if (int(mine.size()) >= fair)
                break;
            if (live->count(name))
                continue; // held, by this engine or another
            Result<bool> taken = store.take(name, holder, ttlMs);
            if (!taken)
                return taken.error();
            if (*taken)
                mine.push_back(name);
        }
        // Over the share: keep those not already leaving first, so that the choice stays put from round to
        // round.
        std::stable_partition(mine.begin(), mine.end(), [&](const std::string &n) { return !leaving.count(n); });
        for (size_t i = 0; i < mine.size(); ++i) {
            if (int(i) < fair) {
                held.insert(mine[i]);
            } else if (drain) {
                held.insert(mine[i]);
                nowLeaving.insert(mine[i]);
            } else if (Status ok = store.release(mine[i], holder); !ok) {
                return ok;
            }
        }
        return {};
    }

    Status run(WriteTransaction &tx)
    {
        held.clear();
        nowLeaving.clear();
        LeaseStore store(tx);
        if (last)
            return store.releaseAll(holder);
        Result<bool> node = store.take(nodePrefix + holder, holder, ttlMs);
        if (!node)
            return node.error();
        Result<std::map<std::string, std::string>> nodes = store.live(nodePrefix);
        if (!nodes)
            return nodes.error();
        const int count = std::max(1, int(nodes->size()));
        if (Status ok = share(store, endpointPrefix, endpoints, count, true); !ok)
            return ok;
        if (Status ok = share(store, storePrefix, stores, count, false); !ok)
            return ok;
        Result<bool> retention = store.take(retentionLease, holder, ttlMs);
        if (!retention)
            return retention.error();
        if (*retention)
            held.insert(retentionLease);
        return {};
    }
};

Leases::Leases(Writer &writer, ConfigWatcher &config, Options options)
    : m_writer(writer), m_config(config), m_options(options)
{
    m_holder = QStringLiteral("%1:%2:%3")
                   .arg(QHostInfo::localHostName())
                   .arg(QCoreApplication::applicationPid())
                   .arg(QRandomGenerator::system()->generate() & 0xffff, 4, 16, QLatin1Char('0'))
                   .toStdString();
}

Leases::~Leases()
{
    stop();
}

std::string Leases::endpointLease(qint64 endpointId)
{
    return endpointPrefix + std::to_string(endpointId);
}

std::string Leases::storeLease(const QString &storeId)
{
    return storePrefix + storeId.toStdString();
}

Status Leases::start()
{
    if (m_worker.isRunning())
        return {};
    if (Status ok = round(false); !ok)
        return ok;
    m_worker.start("leases", [this] { run(); });
    return {};
}

void Leases::stop()
{
    m_worker.stop();
}

void Leases::run()
{
    std::unique_lock lock(m_worker.mutex());
    while (!m_worker.waitFor(lock, std::chrono::milliseconds(m_options.renewMs), [] { return false; })) {
        lock.unlock();
        if (Status ok = round(false); !ok)
            qWarning("Integrator: the leases could not be renewed: %s", qPrintable(ok.error().text()));
        lock.lock();
    }
    lock.unlock();
    if (Status ok = round(true); !ok)
        qWarning("Integrator: the leases could not be given up (they run out by themselves): %s",
                 qPrintable(ok.error().text()));
}

Status Leases::round(bool last)
{
    auto r = std::make_shared<Round>();
    r->holder = m_holder;
    r->ttlMs = m_options.ttlMs;
    r->last = last;
    const std::shared_ptr<const ConfigSnapshot> snapshot = m_config.current();
    for (const Endpoint &e : snapshot->configuration.endpoints)
        r->endpoints.push_back(endpointLease(e.id));
    for (const Store &s : snapshot->configuration.stores) {
        if (s.polled())
            r->stores.push_back(storeLease(s.id));
    }
    std::sort(r->endpoints.begin(), r->endpoints.end());
    std::sort(r->stores.begin(), r->stores.end());
    {
        std::lock_guard lock(m_mutex);
        r->leaving = m_leaving;
    }
    // Given up only when it was leaving a whole round already, so that the dispatcher has surely seen it
    // and started nothing more there, and only when what it had started came back.
    for (const std::string &name : r->leaving) {
        if (!m_inFlight || m_inFlight(std::stoll(name.substr(endpointPrefix.size()))) == 0)
            r->releasable.insert(name);
    }

    const Steady::time_point sent = Steady::now();
    std::promise<Status> done;
    m_writer.submit([r](WriteTransaction &tx) { return r->run(tx); },
                    [&, r](const Status &status) {
                        if (status) {
                            const Steady::time_point until =
                                sent + std::chrono::milliseconds(m_options.ttlMs - m_options.marginMs);
                            std::lock_guard lock(m_mutex);
                            m_held.clear();
                            for (const std::string &name : r->held)
                                m_held[name] = until;
                            m_leaving = r->nowLeaving;
                            m_rounds.fetch_add(1);
                        }
                        if (status && !last && m_onRound)
                            m_onRound();
                        done.set_value(status);
                    });
    return done.get_future().get();
}

bool Leases::holds(const std::string &name) const
{
    std::lock_guard lock(m_mutex);
    const auto it = m_held.find(name);
    return it != m_held.end() && Steady::now() < it->second && !m_leaving.count(name);
}

bool Leases::holdsEndpoint(qint64 endpointId) const
{
    return holds(endpointLease(endpointId));
}

bool Leases::holdsStore(const QString &storeId) const
{
    return holds(storeLease(storeId));
}

bool Leases::holdsRetention() const
{
    return holds(retentionLease);
}

} // namespace engine
