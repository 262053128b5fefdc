#pragma once
// One libpq connection to a PostgreSQL database (PgAddress), for the backend's hot paths: the measurements
// (bench_pg_driver) favour libpq over Qt's driver, which spends more CPU per row and cannot pipeline. Lives
// on the thread that opened it.

#include "PgAddress.h"
#include "core/Result.h"

#include <memory>
#include <string>

struct pg_conn;
struct pg_result;

namespace engine {

class Statement;

class PgConnection {
public:
    ~PgConnection();
    PgConnection(const PgConnection &) = delete;
    PgConnection &operator=(const PgConnection &) = delete;

    // What the address leaves out is libpq's to find (PG* variables, the password file).
    static Result<std::unique_ptr<PgConnection>> open(const PgAddress &address);
    // The libpq connection under a connection of Qt's driver (QSqlDriver::handle() is its PGconn*), not
    // owned: one session for both, so that the stores' QtSql statements and their prepared hot-path ones
    // run in the same transaction, as SqliteStatement shares SQLite's handle with QtSql. Null when `db` is
    // not an open QPSQL connection.
    static std::unique_ptr<PgConnection> underQt(const QSqlDatabase &db, const QString &label);

    pg_conn *handle() const { return m_conn; }
    const QString &label() const { return m_label; }
    // Runs SQL without parameters or rows (BEGIN, COMMIT, DDL).
    Status exec(const std::string &sql);
    // A statement prepared on the server, with the stores' ?1 placeholders.
    std::unique_ptr<Statement> prepare(const std::string &sql);

    // Whether a failed result is the server's disk being full (storage/SpaceState).
    static bool isOutOfSpace(const pg_result *result);

private:
    PgConnection(pg_conn *conn, QString label, bool owned) : m_conn(conn), m_label(std::move(label)), m_owned(owned) {}

    pg_conn *m_conn;
    QString m_label;
    bool m_owned;
    int m_prepared = 0; // names the statements prepared on this connection
};

} // namespace engine
