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

} // namespace engine
