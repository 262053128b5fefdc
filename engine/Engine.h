#pragma once
// The engine: owns its parts and their threads and, on SQLite, a lock file that keeps a second engine off
// the same database file. On PostgreSQL engines may share a database, and leases (cluster/Leases) say which
// of them sends to each endpoint, polls each store and sweeps the archive. Created, started and stopped on
// one thread (the main thread); the parts run on their own.

#include "cluster/Leases.h"
#include "config/ConfigWatcher.h"
#include "core/Clock.h"
#include "core/Result.h"
#include "dispatch/DeliveryActions.h"
#include "dispatch/Dispatcher.h"
#include "ingest/Ingest.h"
#include "owner/OwnerActions.h"
#include "poll/Poller.h"
#include "push/PushHttpServer.h"
#include "push/PushRefusals.h"
#include "queues/NodeRates.h"
#include "queues/QueueCounts.h"
#include "queues/Throughput.h"
#include "storage/Writer.h"
#include "storage/sqlite/DatabaseWriter.h"

#include <QString>

#include <memory>
#include <mutex>
#include <optional>
#include <vector>

class QLockFile;

namespace engine {

class DatabaseReader;
class PushServer;
class Retention;
class SpaceAlert;

class Engine {
public:
    struct Options {
        // A SQLite file's path, or a postgresql:// URL (storage/Backend).
        QString databasePath;
        const Clock *clock = &Clock::system();
        Ingest::Limits limits;
        // A fresh database gets a store "main" with a new push token, so pushing works at once.
        bool createDefaultStore = true;
        // The push API; left out by tools and tests that do not need it.
        std::optional<PushHttpServer::Options> push;
        // Sending deliveries; left out by tools and tests that do not need it.
        std::optional<Dispatcher::Options> dispatch;
        // How the writer batches and flushes; the defaults are what was measured best. PostgreSQL's takes the
        // batch weight.
        DatabaseWriter::Options writer;
        // Polling the stores that have an API; left out by tools and tests that do not need it.
        std::optional<Poller::Options> poll;
        // On PostgreSQL, which engine sends to which endpoint, polls which store and sweeps the archive.
        Leases::Options leases;
    };

    explicit Engine(Options options);
    ~Engine();

    Status start();
    // Finishes queued work, joins every thread and closes the database. Safe to call twice.
    void stop();

    Writer &writer() { return *m_writer; }
    DatabaseReader &reader() { return *m_reader; }
    Ingest &ingest() { return *m_ingest; }
    // The configuration as the engine's parts see it: the latest snapshot, and news of the next.
    ConfigWatcher &configuration() { return *m_config; }
    QueueCounts &counts() { return m_counts; }
    // What this engine took, delivered and failed since it started.
    const Throughput &throughput() const { return m_throughput; }
    // On PostgreSQL, the rates of the other engines on the database, as they published their totals (read
    // every round); zero on SQLite. Thread-safe, in memory: the window adds them to its own engine's.
    NodeRates::Rates otherEnginesRates() const { return m_otherRates.rates(); }
    // The pushes the push API refused since the start.
    const PushRefusals &pushRefusals() const { return m_refusals; }
    // Null when the engine runs without sending.
    Dispatcher *dispatcher() { return m_dispatcher.get(); }
    // Null when the engine runs without polling.
    Poller *poller() { return m_poller.get(); }
    // Null on SQLite, where this engine is the only one.
    Leases *leases() { return m_leases.get(); }
    // How each endpoint is doing, as the engine that sends to it sees it: this one's dispatcher, and on
    // PostgreSQL what the other engines published for theirs (read every round). Thread-safe, in memory.
    std::vector<EndpointHealth::Snapshot> endpointHealth() const;
    // Everything the owner changes: the configuration, pausing endpoints, alerts, deliveries.
    OwnerActions &owner() { return *m_owner; }
    // The owner's actions on deliveries (retry, archive, resend, discard): owner().deliveries().
    DeliveryActions &actions() { return m_owner->deliveries(); }
    const QString &databasePath() const { return m_options.databasePath; }
    // The database for messages and the window: the path, or the URL without its password.
    QString databaseDisplay() const;
    // The push API's port, 0 when it is not running, and its open client connections.
    quint16 pushPort() const;
    int pushConnections() const;
    // Connections the push API has accepted since start: lets a test wait until its clients were seen.
    qint64 pushConnectionsAccepted() const;
    // Why the push API, as it listens, is a risk (beyond loopback without TLS, see push/PushTls.h); empty when
    // it is not. Said in the log and the events at start; the window shows it.
    const QString &pushWarning() const { return m_pushWarning; }

    // ~/.local/share/Integrator/integrator.db, or the platform's equivalent.
    static QString defaultDatabasePath();

private:
    Status lockDatabaseFile();
    void makeLeases();
    void shareHealth();
    void shareThroughput();
    Status startLeases();
    Status createDefaultStore();

    Options m_options;
    std::unique_ptr<QLockFile> m_lock;
    std::unique_ptr<Writer> m_writer;
    std::unique_ptr<SpaceAlert> m_spaceAlert;
    std::unique_ptr<DatabaseReader> m_reader;
    std::unique_ptr<ConfigWatcher> m_config;
    QueueCounts m_counts;
    Throughput m_throughput;
    NodeRates m_otherRates;
    PushRefusals m_refusals;
    std::unique_ptr<Ingest> m_ingest;
    std::unique_ptr<Leases> m_leases;
    mutable std::mutex m_healthMutex;
    std::vector<EndpointHealth::Snapshot> m_othersHealth; // what the other engines published, by endpoint
    std::unique_ptr<Dispatcher> m_dispatcher;
    std::unique_ptr<OwnerActions> m_owner;
    std::unique_ptr<PushServer> m_push;
    QString m_pushWarning;
    std::unique_ptr<Retention> m_retention;
    std::unique_ptr<Poller> m_poller;
};

} // namespace engine
