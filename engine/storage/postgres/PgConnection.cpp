#include "PgConnection.h"

#include "PgStatement.h"

#include <QSqlDriver>
#include <QVariant>

#include <libpq-fe.h>

#include <cstring>

#include <vector>

namespace engine {

PgConnection::~PgConnection()
{
    if (m_owned)
        PQfinish(m_conn);
}

std::unique_ptr<PgConnection> PgConnection::underQt(const QSqlDatabase &db, const QString &label)
{
    if (!db.isOpen() || !db.driver() || db.driverName() != QLatin1String("QPSQL"))
        return nullptr;
    const QVariant handle = db.driver()->handle();
    // Qt names the type by libpq's struct: pg_conn* (PGconn is its typedef).
    if (qstrcmp(handle.typeName(), "pg_conn*") != 0 && qstrcmp(handle.typeName(), "PGconn*") != 0)
        return nullptr;
    auto *conn = *static_cast<PGconn *const *>(handle.data());
    if (!conn)
        return nullptr;
    return std::unique_ptr<PgConnection>(new PgConnection(conn, label, false));
}

Result<std::unique_ptr<PgConnection>> PgConnection::open(const PgAddress &address)
{
    // Only what the address gives: libpq fills in the rest from its environment, as psql does.
    std::vector<std::string> keys, values;
    const auto add = [&](const char *key, const QString &value) {
        if (!value.isEmpty()) {
            keys.emplace_back(key);
            values.push_back(value.toStdString());
        }
    };
    add("host", address.host);
    add("port", address.port ? QString::number(address.port) : QString());
    add("dbname", address.database);
    add("user", address.user);
    add("password", address.password);
    for (const QString &option : address.options) {
        keys.push_back(option.section(QLatin1Char('='), 0, 0).toStdString());
        values.push_back(option.section(QLatin1Char('='), 1).toStdString());
    }
    std::vector<const char *> k, v;
    for (size_t i = 0; i < keys.size(); ++i) {
        k.push_back(keys[i].c_str());
        v.push_back(values[i].c_str());
    }
    k.push_back(nullptr);
    v.push_back(nullptr);
    PGconn *conn = PQconnectdbParams(k.data(), v.data(), 0);
    if (PQstatus(conn) != CONNECTION_OK) {
        const QString message = QString::fromUtf8(PQerrorMessage(conn)).trimmed();
        PQfinish(conn);
        return runtimeError(QStringLiteral("cannot open %1: %2").arg(address.display(), message));
    }
    return std::unique_ptr<PgConnection>(new PgConnection(conn, address.display(), true));
}

Status PgConnection::exec(const std::string &sql)
{
    PGresult *r = PQexec(m_conn, sql.c_str());
    const ExecStatusType status = PQresultStatus(r);
    Status result;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        Error e = runtimeError(QStringLiteral("%1 (%2): %3")
                                   .arg(m_label, QString::fromStdString(sql).left(80),
                                        QString::fromUtf8(PQresultErrorMessage(r)).trimmed()));
        e.outOfSpace = isOutOfSpace(r);
        result = e;
    }
    PQclear(r);
    return result;
}

bool PgConnection::isOutOfSpace(const pg_result *result)
{
    // disk_full: the server could not extend a file. (The message itself may be in the server's language.)
    const char *state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
    return state && std::strcmp(state, "53100") == 0;
}

std::unique_ptr<Statement> PgConnection::prepare(const std::string &sql)
{
    return std::make_unique<PgStatement>(m_conn, "s" + std::to_string(++m_prepared), sql);
}

} // namespace engine
