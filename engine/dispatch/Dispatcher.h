#pragma once
// Sends due deliveries by HTTP POST (DESIGN §6), on a thread of its own with libcurl's multi interface,
// and hands every result to the database writer in batches.
//
// The database is the queue. For each endpoint the dispatcher holds a short window of due deliveries in
// memory and refills it from the database when new ones are made, when a retry falls due, or when the owner
// changes something. New deliveries come with what sending them needs (Ingest offers them once durable):
// an endpoint whose last refill found nothing more due takes them straight into its window, without reading
// them back, and while it keeps answering it may hold a bounded line of them beyond its window, so that a
// burst does not send it back to the database; any other endpoint reads them from the database instead, in
// due order. Each endpoint has its own concurrency limit, timeout and health, so one that is slow, failing or
// paused never holds up another: the others keep their own slots.
//
// A delivery taken into the window is claimed in memory until its outcome is committed. On SQLite the
// engine's lock file makes it the only sender on this database, so when the process dies every claim dies
// with it and whatever was not archived is due again at the next start (at least once, same message_id).
// When several engines share a PostgreSQL database, each sends only to the endpoints whose lease it holds
// (cluster/Leases, through Options::sendsTo): the claims in memory stand for the endpoint's lease, and when
// an engine dies the one that takes its endpoints over reads their due deliveries afresh. Deliveries made by
// other engines are not offered here, so an endpoint held is read again every check interval.

#include "EndpointHealth.h"
#include "core/Clock.h"
#include "core/Result.h"
#include "core/Worker.h"
#include "deliveries/NewDelivery.h"

#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace engine {

class ConfigWatcher;

class Writer;
class Ingest;
class QueueCounts;
class Throughput;

class Dispatcher {
public:
    struct Options {
        int window = 64; // due deliveries read into memory per endpoint
        // New deliveries an endpoint that keeps answering may hold as offered beyond its window, while it
        // catches up with a burst, and the payload bytes it may hold in all. Past these it reads them back
        // from the database instead.
        int offeredLimit = 4096;
        qint64 offeredBytes = 8 * 1024 * 1024;
        int circuitThreshold = 5;  // failures in a row that open an endpoint's circuit
        int checkIntervalMs = 250; // how often to look for changes made outside the engine
        qint64 maxReplyBytes = 1024 * 1024;
        QString caFile;                 // extra trusted certificates, for endpoints with a private CA
        std::function<double()> random; // [0, 1), for retry jitter; injected by tests
        // Whether this engine sends to the endpoint now (it holds its lease); empty: to every endpoint, as
        // the one engine on its database. Thread-safe, and cheap: asked every pass.
        std::function<bool(qint64 endpointId)> sendsTo;
    };

    // Follows the configuration through `config`'s snapshots.
    Dispatcher(Writer &writer, Ingest &ingest, QueueCounts &counts, ConfigWatcher &config, const Clock &clock,
               QString databasePath, Options options, Throughput *throughput = nullptr);
    ~Dispatcher();

    Status start();
    // Finishes nothing that is in flight (those deliveries stay due) and joins the thread.
    void stop();

    // Thread-safe. These deliveries were just made, and their commit is durable.
    void offer(std::vector<NewDelivery> made);
    // Thread-safe. Something changed in the database (an owner action, the configuration): read it again.
    void reload();
    // Thread-safe. The watcher has a new snapshot of the configuration: take it on the next pass.
    void configurationChanged();

    // Thread-safe copies.
    std::vector<EndpointHealth::Snapshot> health() const;
    int inFlight() const { return m_inFlight.load(); }
    // Passes of the loop so far. Each pass takes what was offered, reads what fell due, starts what may
    // start and handles the answers that came: two passes after a moment, the dispatcher has looked at
    // everything as it stood then. Lets a test wait for that, instead of sleeping, before it says
    // something was not sent.
    quint64 passes() const;
    // The revision of changes made from outside (settings.actions_revision) that the dispatcher has read
    // and acted on, -1 before its first look: lets a test wait until an outside change has been seen.
    qint64 actionsRevisionSeen() const;

private:
    struct Loop;
    std::unique_ptr<Loop> m_loop;
    std::atomic<int> m_inFlight{0};
    Worker m_worker; // its loop sleeps in curl's poll, so waking it wakes that
};

} // namespace engine
