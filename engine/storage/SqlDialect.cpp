#include "SqlDialect.h"

namespace engine {

SqlDialect dialectOf(const QSqlDatabase &db)
{
    return db.driverName() == QLatin1String("QPSQL") ? SqlDialect::Postgres : SqlDialect::Sqlite;
}

const char *joinAggregate(SqlDialect dialect)
{
    return dialect == SqlDialect::Postgres ? "string_agg" : "group_concat";
}

const char *leftFirstJoin(SqlDialect dialect)
{
    return dialect == SqlDialect::Postgres ? "JOIN" : "CROSS JOIN";
}

const char *databaseNowMs(SqlDialect dialect)
{
    return dialect == SqlDialect::Postgres ? "CAST(extract(epoch FROM clock_timestamp()) * 1000 AS BIGINT)"
                                           : "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";
}

const char *rowLock(SqlDialect dialect)
{
    return dialect == SqlDialect::Postgres ? " FOR UPDATE" : "";
}

const char *rowLockSkippingLocked(SqlDialect dialect)
{
    return dialect == SqlDialect::Postgres ? " FOR UPDATE SKIP LOCKED" : "";
}

} // namespace engine
