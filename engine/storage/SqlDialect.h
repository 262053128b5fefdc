#pragma once
// The little that SQLite's SQL and PostgreSQL's spell differently, for the SQL the stores build for QtSql:
// asked of the connection at hand. Everything else the stores write is SQL both backends take alike.

#include <QSqlDatabase>

namespace engine {

enum class SqlDialect { Sqlite, Postgres };

SqlDialect dialectOf(const QSqlDatabase &db);

// The aggregate that joins text with a separator, as in NAME(expression, separator): SQLite's group_concat,
// PostgreSQL's string_agg (SQLite has string_agg only from 3.44; Debian 12 has 3.40).
const char *joinAggregate(SqlDialect dialect);
// An inner join that reads its left table first: SQLite's planner takes CROSS JOIN as that order; PostgreSQL
// has no such hint (and no CROSS JOIN with ON), and plans the order itself.
const char *leftFirstJoin(SqlDialect dialect);
// The database's own time in milliseconds since the epoch, at the moment the statement runs: what several
// engines on one database agree on, whatever their own clocks say.
const char *databaseNowMs(SqlDialect dialect);
// A SELECT's suffix that locks the rows it returns until the transaction ends, waiting for another
// transaction's lock (rowLock) or leaving such rows out (rowLockSkippingLocked). Nothing on SQLite, whose one
// writer holds the whole database.
const char *rowLock(SqlDialect dialect);
const char *rowLockSkippingLocked(SqlDialect dialect);

} // namespace engine
