#pragma once
// A statement prepared on a PostgreSQL server through libpq (PgConnection::prepare), as the stores use
// every statement (storage/Statement.h). The stores' placeholders (?1, or a bare ? numbered in order) become
// PostgreSQL's $1; a ? inside a string literal is left alone. Values travel as text, which PostgreSQL
// converts to the column's type. Lives on its connection's thread.

#include "storage/Statement.h"

#include <QString>

#include <string>
#include <vector>

struct pg_conn;
struct pg_result;

namespace engine {

class PgStatement final : public Statement {
public:
    // Prepares `sql` as `name` on `conn`; a failure to prepare is reported by the first run() or next().
    PgStatement(pg_conn *conn, std::string name, const std::string &sql);
    ~PgStatement() override;
    PgStatement(const PgStatement &) = delete;
    PgStatement &operator=(const PgStatement &) = delete;

    // The stores' SQL in PostgreSQL's placeholders, and how many parameters it takes.
    static std::string postgresPlaceholders(const std::string &sql, int *parameters = nullptr);

    void bind(int index, qint64 value) override;
    void bind(int index, std::string_view text) override;
    void bindNull(int index) override;

    Status run() override;
    Result<bool> next() override;
    void reset() override;

    qint64 columnInt64(int column) const override;
    std::string_view columnText(int column) const override;
    bool columnIsNull(int column) const override;

    int changes() const override { return m_changes; }

private:
    Result<pg_result *> execute();
    Error failure(const char *doing, const char *message) const;

    pg_conn *m_conn;
    std::string m_name;
    std::string m_sql;
    std::string m_prepareError; // empty when prepared
    std::vector<std::string> m_values;
    std::vector<bool> m_null;
    pg_result *m_rows = nullptr; // the query's rows while next() steps through them
    int m_row = -1;
    int m_changes = 0;
};

} // namespace engine
