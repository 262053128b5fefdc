#pragma once
// Where a PostgreSQL database is, as `--db` gives it: postgresql://user:password@host:port/dbname?key=value
// (postgres:// too). What the URL leaves out is libpq's to find, as it always does: PGHOST, PGPORT, PGUSER,
// PGPASSWORD, PGDATABASE and the password file (~/.pgpass, or PGPASSFILE). Query parameters are libpq's
// connection parameters (sslmode, connect_timeout, host for a socket folder, …), passed on as they are.

#include "core/Result.h"

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace engine {

struct PgAddress {
    QString host;
    int port = 0; // 0: libpq's default
    QString database;
    QString user;
    QString password;
    QStringList options; // key=value

    static bool isPostgres(const QString &location);
    // An error that says what is wrong with the URL.
    static Result<PgAddress> parse(const QString &url);
    // The URL without its password, for messages and logs.
    QString display() const;
    // A connection through Qt's PostgreSQL driver (Debian's libqt6sql6-psql), under `connectionName`.
    Result<QSqlDatabase> open(const QString &connectionName) const;
};

} // namespace engine
