#include "SqliteTransaction.h"

#include "Connection.h"
#include "SqliteStatement.h"

namespace engine {

SqliteTransaction::SqliteTransaction(Connection &connection, const Clock &clock)
    : WriteTransaction(clock), m_connection(connection)
{
}

SqliteTransaction::~SqliteTransaction() = default;

QSqlDatabase SqliteTransaction::database()
{
    return m_connection.database();
}

Statement &SqliteTransaction::statement(const std::string &sql)
{
    auto &slot = m_statements[sql];
    if (!slot)
        slot = std::make_unique<SqliteStatement>(m_connection.native(), sql.c_str());
    return *slot;
}

Status SqliteTransaction::exec(const QString &sql)
{
    return m_connection.exec(sql);
}

} // namespace engine
