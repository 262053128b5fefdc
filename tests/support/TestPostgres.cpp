#include "TestPostgres.h"

#include "storage/postgres/PgAddress.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>
#include <QUuid>

#include <gtest/gtest.h>

namespace test {

namespace {

// Runs one statement on the server's maintenance database, on a connection of its own.
bool onServer(const QString &server, const QString &sql)
{
    const QString connection = QStringLiteral("test-postgres-") + QUuid::createUuid().toString(QUuid::Id128);
    bool done = false;
    {
        engine::Result<engine::PgAddress> address = engine::PgAddress::parse(server);
        if (!address) {
            ADD_FAILURE() << qPrintable(address.error().text());
            return false;
        }
        engine::Result<QSqlDatabase> db = address->open(connection);
        if (!db) {
            ADD_FAILURE() << qPrintable(db.error().text());
        } else {
            QSqlQuery query(*db);
            done = query.exec(sql);
            if (!done)
                ADD_FAILURE() << qPrintable(sql) << ": " << qPrintable(query.lastError().text());
            db->close();
        }
    }
    QSqlDatabase::removeDatabase(connection);
    return done;
}

} // namespace

TestPostgres::TestPostgres()
{
    m_server = qEnvironmentVariable("INTEGRATOR_TEST_POSTGRES");
    if (m_server.isEmpty()) {
        ADD_FAILURE() << "No PostgreSQL server for the tests: run them through packaging/test.sh, or start one with "
                         "packaging/test-postgres.sh start FOLDER and set INTEGRATOR_TEST_POSTGRES to the URL it "
                         "prints.";
        return;
    }
    m_name = QStringLiteral("test_") + QUuid::createUuid().toString(QUuid::Id128);
    if (!onServer(m_server, QStringLiteral("CREATE DATABASE %1").arg(m_name)))
        return;
    QUrl url(m_server);
    url.setPath(QLatin1Char('/') + m_name);
    m_url = url.toString();
}

TestPostgres::~TestPostgres()
{
    if (!m_url.isEmpty())
        onServer(m_server, QStringLiteral("DROP DATABASE %1 WITH (FORCE)").arg(m_name));
}

} // namespace test
