#pragma once
// A read connection on PostgreSQL (storage/ReadConnection.h): Qt's driver for the stores' QtSql reads, and
// the libpq session under it for the prepared frequent reads, so both see the same session. Abandoning
// sends the server a cancel request (libpq's PQcancel, safe from any thread) for the statement that runs,
// and refuses every later one. Lives on the thread that opened it.

#include "PgAddress.h"
#include "core/Result.h"
#include "storage/ReadConnection.h"

#include <atomic>
#include <memory>
#include <mutex>

struct pg_cancel;

namespace engine {

class PgConnection;

class PgReadConnection final : public ReadConnection {
public:
    static Result<std::unique_ptr<PgReadConnection>> open(const PgAddress &address);
    ~PgReadConnection() override;

    QSqlDatabase database() const override;
    std::unique_ptr<Statement> prepare(const std::string &sql) override;
    void abandon() override;
    // PostgreSQL has no hook that runs inside a statement; the reads it would stop (the window's, when the
    // owner asks for something else) run to their end, bounded by their LIMITs.
    void setUnwanted(std::function<bool()> unwanted) override;

private:
    explicit PgReadConnection(QString name);

    QString m_name;
    std::unique_ptr<PgConnection> m_native;
    std::mutex m_cancelMutex;
    pg_cancel *m_cancel = nullptr; // under m_cancelMutex
    std::atomic<bool> m_abandoned{false};
};

} // namespace engine
