#pragma once
// One libpq connection to a PostgreSQL database (PgAddress), for the backend's hot paths: the measurements
// (bench_pg_driver) favour libpq over Qt's driver, which spends more CPU per row and cannot pipeline. Lives
// on the thread that opened it.

#include "PgAddress.h"
#include "core/Result.h"

#include <memory>
#include <string>

struct pg_conn;

namespace engine {

class Statement;

class PgConnection {
public:
    ~PgConnection();
    PgConnection(const PgConnection &) = delete;
    PgConnection &operator=(const PgConnection &) = delete;

    // What the address leaves out is libpq's to find (PG* variables, the password file).
    static Result<std::unique_ptr<PgConnection>> open(const PgAddress &address);

    pg_conn *handle() const { return m_conn; }
    const QString &label() const { return m_label; }
    // Runs SQL without parameters or rows (BEGIN, COMMIT, DDL).
    Status exec(const std::string &sql);
    // A statement prepared on the server, with the stores' ?1 placeholders.
    std::unique_ptr<Statement> prepare(const std::string &sql);

private:
    PgConnection(pg_conn *conn, QString label) : m_conn(conn), m_label(std::move(label)) {}

    pg_conn *m_conn;
    QString m_label;
    int m_prepared = 0; // names the statements prepared on this connection
};

} // namespace engine
