#pragma once
// What a job sees while it runs inside the writer's transaction. Writer thread only; never kept.

#include "core/Clock.h"
#include "core/Result.h"

#include <QSqlDatabase>

#include <memory>
#include <string>
#include <unordered_map>

namespace engine {

class Connection;
class SqliteStatement;

class WriteTransaction {
public:
    WriteTransaction(Connection &connection, const Clock &clock);
    ~WriteTransaction();

    Connection &connection() { return m_connection; }
    QSqlDatabase database();
    const Clock &clock() const { return m_clock; }

    // A prepared native statement, kept for the writer's lifetime.
    SqliteStatement &statement(const std::string &sql);

    // The configuration revision as of now in this transaction. It changes whenever any process (or an
    // earlier job in this transaction) changes stores, endpoints, subscriptions or consumers.
    Result<qint64> configRevision();

private:
    Connection &m_connection;
    const Clock &m_clock;
    std::unordered_map<std::string, std::unique_ptr<SqliteStatement>> m_statements;
};

} // namespace engine
