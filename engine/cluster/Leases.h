#pragma once
// Which engine does what when several share one PostgreSQL database (DESIGN §9): each endpoint is sent to
// by one engine at a time, so that its concurrency limit and its order hold across all of them and its
// alerts are raised once; each store is polled by one; the archive is swept by one. Each is a lease in the
// database (storage/LeaseStore), endpoint:<id>, store:<id> and retention, that its holder renews every
// couple of seconds. An engine that dies stops renewing; once its leases run out the others take them over,
// and with an endpoint the deliveries the dead one had in memory, which are still due in the database.
//
// Each engine also holds node:<its id>, renewed with the rest, by which the engines count each other: each
// takes up to its fair share of the endpoints and of the stores. When one joins, those holding more than
// their share give up the difference: a store at once, an endpoint once nothing is in flight there.
//
// An engine counts a lease as its own only until the lease would run out had the renewal at hand been its
// last, measured from when that renewal was sent, on its own steady clock, less a margin: one cut off from
// the database stops sending before another can take over.
//
// On SQLite there is one engine (the lock file), and no Leases.

#include "core/Result.h"
#include "core/Worker.h"

#include <QString>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>

namespace engine {

class ConfigWatcher;
class Writer;

class Leases {
public:
    struct Options {
        int renewMs = 2'000;
        int ttlMs = 10'000;
        int marginMs = 1'000; // of ttlMs, given up early for clocks that run at different rates
    };
    // How many deliveries are in flight to the endpoint: its lease is given up only at 0.
    using InFlight = std::function<int(qint64 endpointId)>;

    Leases(Writer &writer, ConfigWatcher &config, Options options);
    ~Leases();

    // Before start().
    void setInFlight(InFlight inFlight) { m_inFlight = std::move(inFlight); }
    // Runs on the writer's thread after each round is committed (not the last, as it stops), so that the
    // engine can follow what the others changed and publish what they should see. Before start(); must not
    // block.
    void onRound(std::function<void()> listener) { m_onRound = std::move(listener); }

    // Takes the first leases, waiting for that round, and renews them from then on.
    Status start();
    // Gives up every lease it holds, so that the other engines take them at once, and joins the thread.
    void stop();

    // Thread-safe.
    bool holdsEndpoint(qint64 endpointId) const;
    bool holdsStore(const QString &storeId) const;
    bool holdsRetention() const;
    // This engine's name in the leases: host, process and a random part, new at each start.
    const std::string &holder() const { return m_holder; }
    // Rounds committed since start: lets a test wait until a change in the engines was seen.
    qint64 rounds() const { return m_rounds.load(); }

    static std::string endpointLease(qint64 endpointId);
    static std::string storeLease(const QString &storeId);

private:
    using Steady = std::chrono::steady_clock;
    struct Round;

    void run();
    Status round(bool last);
    bool holds(const std::string &name) const;

    Writer &m_writer;
    ConfigWatcher &m_config;
    Options m_options;
    std::string m_holder;
    InFlight m_inFlight;
    std::function<void()> m_onRound;
    Worker m_worker;
    std::atomic<qint64> m_rounds{0};

    // Written after each round's commit, read by every part.
    mutable std::mutex m_mutex;
    std::map<std::string, Steady::time_point> m_held; // a lease and when this engine stops counting it its own
    std::set<std::string> m_leaving;                  // held, being given up: no longer worked on
};

} // namespace engine
