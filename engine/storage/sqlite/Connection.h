#pragma once
// One connection to the SQLite database file. QtSql ties a connection to the thread that opened it, so each
// thread that touches the database opens its own; the writer opens the only one that writes.
// Closing happens in the destructor, on the owning thread.

#include "core/Result.h"
#include "storage/ReadConnection.h"

#include <QSqlDatabase>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <string>

struct sqlite3;

namespace engine {

class Connection final : public ReadConnection {
public:
    enum class Mode { Write, Read };

    // Opens (and for Write, creates) the database at path. WAL mode, synchronous=FULL (DatabaseWriter's own
    // connection then flushes the log itself, see WalSyncer.h), foreign keys on, a 5 s busy timeout. A new
    // file is made readable by its owner only: it holds every secret.
    static Result<std::unique_ptr<Connection>> open(const QString &path, Mode mode);
    ~Connection() override;
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;

    QSqlDatabase database() const override;
    // The driver's sqlite3 handle, for the few hot statements that bypass QtSql's per-value overhead.
    sqlite3 *native() const { return m_native; }
    const QString &path() const { return m_path; }

    // Through sqlite3_interrupt.
    void abandon() override;
    // Through SQLite's progress handler, every few thousand virtual machine steps.
    void setUnwanted(std::function<bool()> unwanted) override;

    // On the native handle: a SqliteStatement.
    std::unique_ptr<Statement> prepare(const std::string &sql) override;
    // Runs a statement that returns no rows; the error quotes SQLite's message.
    Status exec(const QString &sql);
    // Ends the open transaction without saving it. Nothing to report if it fails: SQLite has then already
    // rolled back by itself.
    void rollback();

private:
    Connection(QString name, QString path) : m_name(std::move(name)), m_path(std::move(path)) {}

    static int progress(void *self);

    QString m_name;
    QString m_path;
    sqlite3 *m_native = nullptr;
    std::atomic<bool> m_abandoned{false};
    std::function<bool()> m_unwanted;
};

} // namespace engine
