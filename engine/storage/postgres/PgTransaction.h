#pragma once
// The writer's transaction on PostgreSQL (PgWriter): one session for QtSql (database()) and for the
// statements prepared on libpq beneath it (PgConnection::underQt), kept for the writer's lifetime, keyed by
// their text.

#include "PgConnection.h"
#include "storage/WriteTransaction.h"

#include <memory>
#include <unordered_map>

namespace engine {

class PgTransaction final : public WriteTransaction {
public:
    PgTransaction(QSqlDatabase db, std::unique_ptr<PgConnection> native, const Clock &clock);
    ~PgTransaction() override;

    PgConnection &native() { return *m_native; }
    QSqlDatabase database() override { return m_db; }
    Statement &statement(const std::string &sql) override;
    Status exec(const QString &sql) override;

private:
    QSqlDatabase m_db;
    std::unique_ptr<PgConnection> m_native;
    std::unordered_map<std::string, std::unique_ptr<Statement>> m_statements;
};

} // namespace engine
