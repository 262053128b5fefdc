#pragma once
// The writer's transaction on SQLite: statements prepared on the native handle and kept for the writer's
// lifetime, keyed by their text.

#include "storage/WriteTransaction.h"

#include <memory>
#include <unordered_map>

namespace engine {

class Connection;
class SqliteStatement;

class SqliteTransaction final : public WriteTransaction {
public:
    SqliteTransaction(Connection &connection, const Clock &clock);
    ~SqliteTransaction() override;

    Connection &connection() { return m_connection; }
    QSqlDatabase database() override;
    Statement &statement(const std::string &sql) override;
    Status exec(const QString &sql) override;

private:
    Connection &m_connection;
    std::unordered_map<std::string, std::unique_ptr<SqliteStatement>> m_statements;
};

} // namespace engine
