#pragma once
// A database of its own for one test, removed with it; with helpers to read rows back. The backend is the
// suite's: a SQLite file in a temporary folder, or, when INTEGRATOR_TEST_BACKEND is "postgresql", a database
// of its own on the tests' PostgreSQL server (TestPostgres). CMake runs the engine's suites both ways.

#include "TestPostgres.h"
#include "config/Configuration.h"
#include "core/Result.h"
#include "storage/ReadConnection.h"

#include <QTemporaryDir>
#include <QVariant>

#include <memory>

namespace test {

class TestDatabase {
public:
    TestDatabase();
    ~TestDatabase();

    // True when this run's suites are on PostgreSQL.
    static bool onPostgres();

    // Where the engine opens it: the file's path, or the database's URL.
    QString path() const;
    // A temporary folder of the test's own, whatever the backend (the file is in it on SQLite).
    QString dir() const { return m_dir.path(); }

    // The aggregate that joins text, as in NAME(expression, separator), on this backend (storage/SqlDialect).
    static QString joinAggregate();
    // SQL for the text at `path` (dotted: "order.number") in the JSON text of `column`.
    static QString jsonText(const QString &column, const QString &path);
    // SQL that makes a trigger `name` on each row of `table` at `event` ("BEFORE INSERT", "AFTER INSERT",
    // "BEFORE DELETE"), which when `condition` holds (SQL on NEW or OLD; empty: always) fails the statement
    // with `failure`: a fault such as a full disk, where the test wants one.
    static QString failingTrigger(const QString &name, const QString &event, const QString &table,
                                  const QString &condition, const QString &failure);
    // The same, running `statement` (SQL both backends take) instead of failing.
    static QString trigger(const QString &name, const QString &event, const QString &table, const QString &condition,
                           const QString &statement);
    static QString dropTrigger(const QString &name, const QString &table);

    // A fresh read connection on the calling thread.
    std::unique_ptr<engine::ReadConnection> read() const;
    // The first column of the first row, or an invalid QVariant when there is none.
    QVariant scalar(const QString &sql) const;

private:
    QTemporaryDir m_dir;
    std::unique_ptr<TestPostgres> m_postgres;
};

// For a test of what only SQLite has (its file, its lock, its log, its migrations): skipped on PostgreSQL,
// saying why.
#define SQLITE_ONLY(why)                                                                                               \
    do {                                                                                                               \
        if (test::TestDatabase::onPostgres())                                                                          \
            GTEST_SKIP() << "SQLite only: " << (why);                                                                  \
    } while (false)

// A small, valid configuration: store "main", endpoint "warehouse" at url, nothing else.
engine::Configuration basicConfiguration(const QString &url = QStringLiteral("http://127.0.0.1:9001"));

// A file of tests/data (the shared fixtures and the Spree API answers), as JSON.
engine::Json fixture(const char *name);

// The message the shared fixtures call order-new.json, as a JSON document.
engine::Json orderNewDocument();

} // namespace test
