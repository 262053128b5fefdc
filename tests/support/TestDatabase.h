#pragma once
// A database file of its own in a temporary folder, removed with the test; with helpers to write
// configuration and read rows back.

#include "config/Configuration.h"
#include "core/Result.h"
#include "storage/sqlite/Connection.h"

#include <QTemporaryDir>
#include <QVariant>

#include <memory>

namespace test {

class TestDatabase {
public:
    TestDatabase();

    QString path() const { return m_dir.filePath(QStringLiteral("integrator.db")); }
    QString dir() const { return m_dir.path(); }

    // A fresh read connection on the calling thread.
    std::unique_ptr<engine::Connection> read() const;
    // The first column of the first row, or an invalid QVariant when there is none.
    QVariant scalar(const QString &sql) const;

private:
    QTemporaryDir m_dir;
};

// A small, valid configuration: store "main", endpoint "warehouse" at url, nothing else.
engine::Configuration basicConfiguration(const QString &url = QStringLiteral("http://127.0.0.1:9001"));

// A file of tests/data (the shared fixtures and the Spree API answers), as JSON.
engine::Json fixture(const char *name);

// The message the shared fixtures call order-new.json, as a JSON document.
engine::Json orderNewDocument();

} // namespace test
