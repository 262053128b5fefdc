#pragma once
// A PostgreSQL database of its own for one test, on the server packaging/test.sh starts for the tests
// (packaging/test-postgres.sh; its URL in INTEGRATOR_TEST_POSTGRES): made empty, dropped afterwards. A real
// server, not a mock. Without the variable the test fails, saying how to run it.

#include <QString>

namespace test {

class TestPostgres {
public:
    TestPostgres();
    ~TestPostgres();
    TestPostgres(const TestPostgres &) = delete;
    TestPostgres &operator=(const TestPostgres &) = delete;

    bool ok() const { return !m_url.isEmpty(); }
    // postgresql://…/the_test_database
    const QString &url() const { return m_url; }
    const QString &name() const { return m_name; }

private:
    QString m_server; // the server's URL, on its maintenance database
    QString m_name;
    QString m_url;
};

} // namespace test
