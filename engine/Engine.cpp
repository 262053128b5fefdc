#include "Engine.h"

#include "config/ConfigRepository.h"
#include "core/Secret.h"
#include "database/DatabaseWriter.h"

#include <QDir>
#include <QFileInfo>
#include <QLockFile>
#include <QStandardPaths>

namespace engine {

Engine::Engine(Options options) : m_options(std::move(options)) {}

Engine::~Engine() { stop(); }

QString Engine::defaultDatabasePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
           QStringLiteral("/Integrator/integrator.db");
}

Status Engine::start()
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
        return runtimeError(QStringLiteral("another Integrator (process %1) is already running on %2").arg(pid).arg(path));
    }

    m_writer = std::make_unique<DatabaseWriter>(path, *m_options.clock);
    if (Status ok = m_writer->start(); !ok) {
        stop();
        return ok;
    }
    m_ingest = std::make_unique<Ingest>(*m_writer, *m_options.clock, m_options.limits);
    if (m_options.createDefaultStore) {
        if (Status ok = createDefaultStore(); !ok) {
            stop();
            return ok;
        }
    }
    return {};
}

void Engine::stop()
{
    if (m_writer)
        m_writer->stop();
    m_ingest.reset();
    m_writer.reset();
    m_lock.reset();
}

Status Engine::createDefaultStore()
{
    const Clock &clock = *m_options.clock;
    return m_writer->execute([&clock](WriteTransaction &tx) -> Status {
        ConfigRepository config(tx.database(), clock);
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
