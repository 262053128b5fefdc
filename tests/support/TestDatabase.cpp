#include "TestDatabase.h"

#include <QFile>
#include <QSqlQuery>

#include <gtest/gtest.h>

namespace test {

TestDatabase::TestDatabase()
{
    EXPECT_TRUE(m_dir.isValid());
    if (onPostgres())
        m_postgres = std::make_unique<TestPostgres>();
}

TestDatabase::~TestDatabase() = default;

bool TestDatabase::onPostgres()
{
    return qEnvironmentVariable("INTEGRATOR_TEST_BACKEND") == QLatin1String("postgresql");
}

QString TestDatabase::path() const
{
    return m_postgres ? m_postgres->url() : m_dir.filePath(QStringLiteral("integrator.db"));
}

std::unique_ptr<engine::ReadConnection> TestDatabase::read() const
{
    auto c = engine::openReadConnection(path());
    EXPECT_TRUE(c.ok()) << (c.ok() ? "" : qPrintable(c.error().text()));
    return c.ok() ? std::move(c).value() : nullptr;
}

QString TestDatabase::joinAggregate()
{
    return onPostgres() ? QStringLiteral("string_agg") : QStringLiteral("group_concat");
}

QString TestDatabase::jsonText(const QString &column, const QString &path)
{
    if (onPostgres())
        return QStringLiteral("(%1::json #>> '{%2}')")
            .arg(column, QString(path).replace(QLatin1Char('.'), QLatin1Char(',')));
    return QStringLiteral("json_extract(%1, '$.%2')").arg(column, path);
}

namespace {

// PostgreSQL runs a trigger's work in a function, and allows no subquery in its WHEN: the condition is
// tested inside the function instead.
QString anyTrigger(const QString &name, const QString &event, const QString &table, const QString &condition,
                   const QString &sqliteBody, const QString &postgresBody)
{
    if (!TestDatabase::onPostgres()) {
        return QStringLiteral("CREATE TRIGGER %1 %2 ON %3 %4 BEGIN %5; END")
            .arg(name, event, table, condition.isEmpty() ? QString() : QStringLiteral("WHEN ") + condition, sqliteBody);
    }
    return QStringLiteral("CREATE FUNCTION %1() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                          "IF %4 THEN %5; END IF; IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END $$; "
                          "CREATE TRIGGER %1 %2 ON %3 FOR EACH ROW EXECUTE FUNCTION %1()")
        .arg(name, event, table, condition.isEmpty() ? QStringLiteral("true") : condition, postgresBody);
}

} // namespace

QString TestDatabase::failingTrigger(const QString &name, const QString &event, const QString &table,
                                     const QString &condition, const QString &failure)
{
    return anyTrigger(name, event, table, condition, QStringLiteral("SELECT RAISE(ABORT, '%1')").arg(failure),
                      QStringLiteral("RAISE EXCEPTION '%1'").arg(failure));
}

QString TestDatabase::trigger(const QString &name, const QString &event, const QString &table, const QString &condition,
                              const QString &statement)
{
    return anyTrigger(name, event, table, condition, statement, statement);
}

QString TestDatabase::dropTrigger(const QString &name, const QString &table)
{
    return onPostgres() ? QStringLiteral("DROP TRIGGER %1 ON %2; DROP FUNCTION %1()").arg(name, table)
                        : QStringLiteral("DROP TRIGGER %1").arg(name);
}

QVariant TestDatabase::scalar(const QString &sql) const
{
    auto c = read();
    if (!c)
        return {};
    QSqlQuery q(c->database());
    if (!q.exec(sql)) {
        ADD_FAILURE() << "query failed: " << qPrintable(sql);
        return {};
    }
    return q.next() ? q.value(0) : QVariant();
}

engine::Configuration basicConfiguration(const QString &url)
{
    engine::Configuration config;
    engine::Store store;
    store.id = QStringLiteral("main");
    store.name = QStringLiteral("Main store");
    store.pushToken = QStringLiteral("test-token-0123456789");
    config.stores.push_back(store);
    engine::Endpoint endpoint;
    endpoint.name = QStringLiteral("warehouse");
    endpoint.url = url;
    config.endpoints.push_back(endpoint);
    return config;
}

engine::Json fixture(const char *name)
{
    QFile file(QStringLiteral(TEST_DATA_DIR "/") + QLatin1String(name));
    EXPECT_TRUE(file.open(QIODevice::ReadOnly)) << "missing fixture " << qPrintable(file.fileName());
    return engine::Json::parse(file.readAll().toStdString());
}

engine::Json orderNewDocument()
{
    return fixture("order-new.json");
}

} // namespace test
