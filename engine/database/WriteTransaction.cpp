#include "WriteTransaction.h"

#include "Connection.h"
#include "SqliteStatement.h"

namespace engine {

WriteTransaction::WriteTransaction(Connection &connection, const Clock &clock)
    : m_connection(connection), m_clock(clock)
{
}

WriteTransaction::~WriteTransaction() = default;

QSqlDatabase WriteTransaction::database()
{
    return m_connection.database();
}

SqliteStatement &WriteTransaction::statement(const std::string &sql)
{
    auto &slot = m_statements[sql];
    if (!slot)
        slot = std::make_unique<SqliteStatement>(m_connection.native(), sql.c_str());
    return *slot;
}

Result<qint64> WriteTransaction::configRevision()
{
    SqliteStatement &s = statement("SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'config_revision'");
    Result<bool> row = s.next();
    if (!row)
        return row.error();
    const qint64 revision = *row ? s.columnInt64(0) : 0;
    s.reset();
    return revision;
}

} // namespace engine
