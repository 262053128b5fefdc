#include "SqliteStatement.h"

#include <sqlite3.h>

namespace engine {

SqliteStatement::SqliteStatement(sqlite3 *db, const char *sql) : m_db(db)
{
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &m_stmt, nullptr) != SQLITE_OK)
        m_prepareStatus = runtimeError(QStringLiteral("database: cannot prepare \"%1\": %2")
                                           .arg(QString::fromUtf8(sql), QString::fromUtf8(sqlite3_errmsg(db))));
}

SqliteStatement::~SqliteStatement()
{
    sqlite3_finalize(m_stmt);
}

void SqliteStatement::bind(int index, qint64 value)
{
    sqlite3_bind_int64(m_stmt, index, value);
}

void SqliteStatement::bind(int index, std::string_view text)
{
    sqlite3_bind_text(m_stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
}

void SqliteStatement::bindNull(int index)
{
    sqlite3_bind_null(m_stmt, index);
}

Error SqliteStatement::error(const char *doing) const
{
    return runtimeError(QStringLiteral("database: %1 failed: %2 (%3)")
                            .arg(QLatin1String(doing), QString::fromUtf8(sqlite3_errmsg(m_db)),
                                 QString::fromUtf8(sqlite3_sql(m_stmt)).left(80)));
}

Status SqliteStatement::run()
{
    if (!m_prepareStatus)
        return m_prepareStatus;
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_DONE || rc == SQLITE_ROW) {
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
        return {};
    }
    Error e = error("writing");
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
    return e;
}

Result<bool> SqliteStatement::next()
{
    if (!m_prepareStatus)
        return m_prepareStatus.error();
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE) {
        reset();
        return false;
    }
    Error e = error("reading");
    reset();
    return e;
}

void SqliteStatement::reset()
{
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

qint64 SqliteStatement::columnInt64(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

std::string_view SqliteStatement::columnText(int column) const
{
    const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
    return text ? std::string_view(text, static_cast<size_t>(sqlite3_column_bytes(m_stmt, column)))
                : std::string_view();
}

bool SqliteStatement::columnIsNull(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

int SqliteStatement::changes() const
{
    return sqlite3_changes(m_db);
}

} // namespace engine
