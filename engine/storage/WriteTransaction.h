#pragma once
// What a job sees while it runs inside the writer's transaction: the stores take one and hand out the
// statements they own. Writer thread only; never kept. The backend's writer makes it (storage/sqlite/).

#include "core/Clock.h"
#include "core/Result.h"

#include <QSqlDatabase>

#include <string>

namespace engine {

class Statement;

class WriteTransaction {
public:
    explicit WriteTransaction(const Clock &clock) : m_clock(clock) {}
    virtual ~WriteTransaction() = default;
    WriteTransaction(const WriteTransaction &) = delete;
    WriteTransaction &operator=(const WriteTransaction &) = delete;

    const Clock &clock() const { return m_clock; }

    // The transaction's connection for QtSql, for statements off the hot paths.
    virtual QSqlDatabase database() = 0;
    // A prepared statement for `sql`, prepared once and kept for the writer's lifetime: the hot paths bind
    // and run it without QtSql's per-value cost.
    virtual Statement &statement(const std::string &sql) = 0;
    // Runs a one-off statement without rows (for tests that set a database up in a given state).
    virtual Status exec(const QString &sql) = 0;

    // The configuration revision as of now in this transaction. It changes whenever any process (or an
    // earlier job in this transaction) changes stores, endpoints, subscriptions or consumers.
    Result<qint64> configRevision();

private:
    const Clock &m_clock;
};

} // namespace engine
