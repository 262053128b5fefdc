#include "WalCheckpointer.h"

#include <sqlite3.h>

namespace engine {

WalCheckpointer::WalCheckpointer(QString path) : m_path(std::move(path)) {}

WalCheckpointer::~WalCheckpointer()
{
    stop();
}

Status WalCheckpointer::start()
{
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(m_path.toUtf8().constData(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) !=
        SQLITE_OK) {
        Error e = runtimeError(
            QStringLiteral("cannot open %1 for checkpoints: %2").arg(m_path, QString::fromUtf8(sqlite3_errmsg(db))));
        sqlite3_close(db);
        return e;
    }
    // A connection learns that the file is in WAL mode only when it first reads it; until then every
    // checkpoint would be a silent no-op.
    sqlite3_exec(db, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr);
    m_worker.start("db-checkpoint", [this, db] { run(db); });
    return {};
}

void WalCheckpointer::stop()
{
    m_worker.stop();
}

void WalCheckpointer::request()
{
    {
        std::lock_guard lock(m_worker.mutex());
        if (m_requested)
            return;
        m_requested = true;
    }
    m_worker.wake();
}

void WalCheckpointer::run(sqlite3 *db)
{
    std::unique_lock lock(m_worker.mutex());
    while (true) {
        m_worker.wait(lock, [this] { return m_requested; });
        if (m_worker.stopping())
            break;
        m_requested = false;
        lock.unlock();
        // PASSIVE never waits for the writer or readers; frames it cannot copy now are copied next time.
        sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        lock.lock();
    }
    lock.unlock();
    sqlite3_close(db);
}

} // namespace engine
