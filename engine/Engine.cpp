#include "Engine.h"

#include "alerts/SpaceAlert.h"
#include "core/Secret.h"
#include "push/PushServer.h"
#include "retention/Retention.h"
#include "storage/AlertStore.h"
#include "storage/Backend.h"
#include "storage/ConfigStore.h"
#include "storage/DatabaseReader.h"
#include "storage/EventStore.h"
#include "storage/HealthStore.h"
#include "storage/ReadConnection.h"
#include "storage/ThroughputStore.h"

#include <QDir>
#include <QFileInfo>
#include <QLockFile>
#include <QStandardPaths>

#include <algorithm>
#include <chrono>

namespace engine {

Engine::Engine(Options options) : m_options(std::move(options)) {}

Engine::~Engine()
{
    stop();
}

QString Engine::defaultDatabasePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
           QStringLiteral("/Integrator/integrator.db");
}

Status Engine::start()
{
    if (backendOf(m_options.databasePath) == BackendKind::Sqlite) {
        if (Status ok = lockDatabaseFile(); !ok)
            return ok;
    }
    const QString &path = m_options.databasePath;
    Result<std::unique_ptr<Writer>> writer = makeWriter(path, *m_options.clock, m_options.writer);
    if (!writer) {
        stop();
        return writer.error();
    }
    m_writer = std::move(writer).value();
    if (Status ok = m_writer->start(); !ok) {
        stop();
        return ok;
    }
    m_spaceAlert = std::make_unique<SpaceAlert>(*m_writer, *m_options.clock);
    m_spaceAlert->start();
    if (m_options.createDefaultStore) {
        if (Status ok = createDefaultStore(); !ok) {
            stop();
            return ok;
        }
    }
    // Counted inside a write transaction, so nothing can change between the count and the first update. The
    // stores whose pushes an earlier run found refused are read there too: their next push let in ends it.
    if (Status ok = m_writer->execute([this](WriteTransaction &tx) -> Status {
            Result<std::vector<Alerts::Alert>> alerts = AlertStore::list(tx.database());
            if (!alerts)
                return alerts.error();
            for (const Alerts::Alert &a : *alerts) {
                if (a.isOpen() && a.kind == Alerts::StorePushRefused)
                    m_refusals.carryOver(a.subject);
            }
            return m_counts.load(tx.database());
        });
        !ok) {
        stop();
        return ok;
    }
    m_config = std::make_unique<ConfigWatcher>(path);
    if (Status ok = m_config->start(); !ok) {
        stop();
        return ok;
    }
    m_ingest = std::make_unique<Ingest>(*m_writer, *m_options.clock, m_options.limits, &m_counts, &m_throughput);
    m_reader = std::make_unique<DatabaseReader>(path);
    if (Status ok = m_reader->start(); !ok) {
        stop();
        return ok;
    }
    if (backendOf(path) == BackendKind::Postgres)
        makeLeases();
    if (m_options.dispatch) {
        Dispatcher::Options dispatch = *m_options.dispatch;
        if (m_leases)
            dispatch.sendsTo = [leases = m_leases.get()](qint64 endpointId) {
                return leases->holdsEndpoint(endpointId);
            };
        m_dispatcher = std::make_unique<Dispatcher>(*m_writer, *m_ingest, m_counts, *m_config, *m_options.clock, path,
                                                    dispatch, &m_throughput);
        m_config->onChange([dispatcher = m_dispatcher.get()] { dispatcher->configurationChanged(); });
        m_ingest->setDeliveriesListener(
            [dispatcher = m_dispatcher.get()](std::vector<NewDelivery> made) { dispatcher->offer(std::move(made)); });
        if (Status ok = m_dispatcher->start(); !ok) {
            stop();
            return ok;
        }
    }
    // Once the dispatcher is there to ask what is in flight; until the first round it sends nothing.
    if (m_leases) {
        if (Status ok = startLeases(); !ok) {
            stop();
            return ok;
        }
    }
    m_retention = std::make_unique<Retention>(*m_writer, m_counts, *m_options.clock);
    if (m_leases)
        m_retention->setSweeps([leases = m_leases.get()] { return leases->holdsRetention(); });
    m_retention->start();
    m_owner = std::make_unique<OwnerActions>(*m_writer, *m_options.clock, &m_counts, m_dispatcher.get(), m_config.get(),
                                             false);
    if (m_options.poll) {
        Poller::Options poll = *m_options.poll;
        if (m_leases)
            poll.polls = [leases = m_leases.get()](const QString &storeId) { return leases->holdsStore(storeId); };
        m_poller = std::make_unique<Poller>(*m_config, *m_writer, *m_ingest, *m_options.clock, path, poll);
        if (Status ok = m_poller->start(); !ok) {
            stop();
            return ok;
        }
    }
    if (m_options.push) {
        m_push = std::make_unique<PushServer>(
            *m_options.push, PushHttpServer::Parts{*m_ingest, *m_writer, m_counts, *m_reader, *m_config, m_refusals});
        if (Status ok = m_push->start(); !ok) {
            stop();
            return ok;
        }
        m_pushWarning = PushTls::exposureWarning(m_options.push->address, m_push->port(), m_options.push->tls.given());
        if (!m_pushWarning.isEmpty()) {
            qWarning("%s", qPrintable(m_pushWarning));
            Event event;
            event.level = QStringLiteral("warn");
            event.origin = QStringLiteral("engine");
            event.subject = QStringLiteral("The push API is not encrypted");
            event.description = m_pushWarning;
            m_writer->submit([event, clock = m_options.clock](WriteTransaction &tx) {
                return EventStore::record(tx, event, clock->nowMs());
            });
        }
    }
    return {};
}

void Engine::stop()
{
    // Outside in: no new requests, nothing more sent, no new reads, then the writer finishes what it was
    // given (which may still call back into the parts above, so they are freed only after).
    if (m_push)
        m_push->stop();
    if (m_poller)
        m_poller->stop();
    if (m_retention)
        m_retention->stop();
    if (m_dispatcher)
        m_dispatcher->stop();
    if (m_leases)
        m_leases->stop(); // gives them up, for the other engines to take at once
    if (m_reader)
        m_reader->stop();
    if (m_config)
        m_config->stop();
    if (m_spaceAlert)
        m_spaceAlert->stop();
    if (m_writer)
        m_writer->stop();
    m_push.reset();
    m_poller.reset();
    m_retention.reset();
    m_owner.reset();
    m_dispatcher.reset();
    m_leases.reset();
    m_ingest.reset();
    m_reader.reset();
    m_config.reset();
    m_spaceAlert.reset();
    m_writer.reset();
    m_lock.reset();
}

void Engine::makeLeases()
{
    m_leases = std::make_unique<Leases>(*m_writer, *m_config, m_options.leases);
    // The counts the window shows move with every engine's commits, not this one's alone: read them again
    // every fifth round (ten seconds), on the reader. A scan of the archive, so neither on the writer nor
    // more often; the first round comes as the engine starts, just after they were loaded.
    m_leases->onRound([this] {
        if (m_leases->rounds() % 5 == 0)
            m_counts.reread(*m_reader);
        shareHealth();
        shareThroughput();
    });
}

void Engine::shareHealth()
{
    // Publish the health of the endpoints this engine sends to...
    if (m_dispatcher) {
        auto mine = std::make_shared<std::vector<EndpointHealth::Snapshot>>();
        for (EndpointHealth::Snapshot &h : m_dispatcher->health()) {
            if (m_leases->holdsEndpoint(h.endpointId))
                mine->push_back(std::move(h));
        }
        if (!mine->empty()) {
            m_writer->submit([mine, holder = m_leases->holder()](WriteTransaction &tx) {
                return HealthStore::publish(tx, holder, *mine);
            });
        }
    }
    // ...and read what the others published, on the reader. Published every round, so three rounds without
    // one mean its engine is gone.
    const qint64 withinMs = 3 * qint64(m_options.leases.renewMs);
    m_reader->post([this, withinMs](ReadConnection &connection) {
        Result<std::vector<EndpointHealth::Snapshot>> read = HealthStore::read(connection.database(), withinMs);
        if (!read)
            return;
        std::lock_guard lock(m_healthMutex);
        m_othersHealth = std::move(read).value();
    });
}

void Engine::shareThroughput()
{
    // This engine's totals, stamped by its own steady clock: the others compare two samples of it, so
    // neither the nodes' clocks nor the delay before the writer commits this changes a rate.
    ThroughputStore::Sample mine;
    mine.holder = m_leases->holder();
    mine.totals = m_throughput.totals();
    mine.sampledAtMs =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
            .count();
    // A row not renewed for a minute is an engine that is gone for good.
    m_writer->submit([mine](WriteTransaction &tx) { return ThroughputStore::publish(tx, mine, 60'000); });
    const qint64 withinMs = 3 * qint64(m_options.leases.renewMs);
    m_reader->post([this, withinMs, holder = mine.holder](ReadConnection &connection) {
        if (auto others = ThroughputStore::read(connection.database(), holder, withinMs))
            m_otherRates.observe(others.value());
    });
}

std::vector<EndpointHealth::Snapshot> Engine::endpointHealth() const
{
    std::vector<EndpointHealth::Snapshot> health;
    if (m_dispatcher)
        health = m_dispatcher->health();
    if (!m_leases)
        return health;
    // What this engine sends to, from its own dispatcher; the rest as their engines published them.
    std::erase_if(health, [this](const EndpointHealth::Snapshot &h) { return !m_leases->holdsEndpoint(h.endpointId); });
    std::lock_guard lock(m_healthMutex);
    for (const EndpointHealth::Snapshot &other : m_othersHealth) {
        if (std::none_of(health.begin(), health.end(),
                         [&](const EndpointHealth::Snapshot &h) { return h.endpointId == other.endpointId; }))
            health.push_back(other);
    }
    return health;
}

Status Engine::startLeases()
{
    // An endpoint's lease is given up only once what was sent there came back.
    m_leases->setInFlight([dispatcher = m_dispatcher.get()](qint64 endpointId) {
        if (!dispatcher)
            return 0;
        for (const EndpointHealth::Snapshot &h : dispatcher->health()) {
            if (h.endpointId == endpointId)
                return h.inFlight;
        }
        return 0;
    });
    return m_leases->start();
}

Status Engine::lockDatabaseFile()
{
    m_options.databasePath = QFileInfo(m_options.databasePath).absoluteFilePath();
    const QString &path = m_options.databasePath;
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return runtimeError(QStringLiteral("cannot create the folder for %1").arg(path));

    m_lock = std::make_unique<QLockFile>(path + QStringLiteral(".lock"));
    m_lock->setStaleLockTime(0); // a lock is stale only when its process is gone
    if (!m_lock->tryLock(0)) {
        qint64 pid = 0;
        QString host, app;
        m_lock->getLockInfo(&pid, &host, &app);
        m_lock.reset();
        return runtimeError(
            QStringLiteral("another Integrator (process %1) is already running on %2").arg(pid).arg(path));
    }
    return {};
}

QString Engine::databaseDisplay() const
{
    return displayLocation(m_options.databasePath);
}

quint16 Engine::pushPort() const
{
    return m_push ? m_push->port() : 0;
}

int Engine::pushConnections() const
{
    return m_push ? m_push->openConnections() : 0;
}

qint64 Engine::pushConnectionsAccepted() const
{
    return m_push ? m_push->acceptedConnections() : 0;
}

Status Engine::createDefaultStore()
{
    const Clock &clock = *m_options.clock;
    return m_writer->execute([&clock](WriteTransaction &tx) -> Status {
        ConfigStore config(tx.database(), clock);
        Result<Configuration> current = config.load();
        if (!current)
            return current.error();
        if (!current->stores.empty())
            return {};
        Store store;
        store.id = QStringLiteral("main");
        store.name = QStringLiteral("My store");
        store.pushToken = Secret::newToken();
        return config.saveStore(store);
    });
}

} // namespace engine
