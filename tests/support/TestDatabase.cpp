#include "TestDatabase.h"

#include <QFile>
#include <QSqlQuery>

#include <gtest/gtest.h>

namespace test {

TestDatabase::TestDatabase()
{
    EXPECT_TRUE(m_dir.isValid());
}

std::unique_ptr<engine::Connection> TestDatabase::read() const
{
    auto c = engine::Connection::open(path(), engine::Connection::Mode::Read);
    EXPECT_TRUE(c.ok()) << (c.ok() ? "" : qPrintable(c.error().text()));
    return c.ok() ? std::move(c).value() : nullptr;
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
