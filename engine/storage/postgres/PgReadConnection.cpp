#include "PgReadConnection.h"

#include "PgConnection.h"
#include "storage/Statement.h"

#include <QUuid>

#include <libpq-fe.h>

namespace engine {

PgReadConnection::PgReadConnection(QString name) : m_name(std::move(name)) {}

Result<std::unique_ptr<PgReadConnection>> PgReadConnection::open(const PgAddress &address)
{
    std::unique_ptr<PgReadConnection> connection(
        new PgReadConnection(QStringLiteral("pg-read-") + QUuid::createUuid().toString(QUuid::Id128)));
    Result<QSqlDatabase> db = address.open(connection->m_name);
    if (!db)
        return db.error();
    connection->m_native = PgConnection::underQt(*db, address.display());
    if (!connection->m_native)
        return runtimeError(QStringLiteral("no libpq connection under Qt's driver for %1").arg(address.display()));
    connection->m_cancel = PQgetCancel(connection->m_native->handle());
    return connection;
}

PgReadConnection::~PgReadConnection()
{
    {
        std::lock_guard lock(m_cancelMutex);
        if (m_cancel)
            PQfreeCancel(m_cancel);
        m_cancel = nullptr;
    }
    m_native.reset();
    {
        QSqlDatabase db = QSqlDatabase::database(m_name, false);
        if (db.isValid())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_name);
}

QSqlDatabase PgReadConnection::database() const
{
    if (m_abandoned.load())
        return QSqlDatabase(); // an invalid connection: every query on it fails
    return QSqlDatabase::database(m_name, false);
}

std::unique_ptr<Statement> PgReadConnection::prepare(const std::string &sql)
{
    return m_native->prepare(sql);
}

void PgReadConnection::abandon()
{
    m_abandoned.store(true);
    std::lock_guard lock(m_cancelMutex);
    if (m_cancel) {
        char error[256];
        PQcancel(m_cancel, error, sizeof error); // nothing to do if it fails: the statement then ends by itself
    }
}

void PgReadConnection::setUnwanted(std::function<bool()>) {}

} // namespace engine
