#pragma once
// A prepared statement on the native SQLite handle, for the hot paths: QtSql spends several microseconds per
// bound value, which at 100,000 rows a second is most of the budget. Lives on the thread of its connection.

#include "storage/Statement.h"

struct sqlite3;
struct sqlite3_stmt;

namespace engine {

class SqliteStatement final : public Statement {
public:
    SqliteStatement(sqlite3 *db, const char *sql);
    ~SqliteStatement() override;
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;

    // Parameters are numbered from 1, as in SQL's ?1. Text is copied by SQLite only when it must outlive
    // the step; callers keep the text alive until run()/next() returns.
    void bind(int index, qint64 value) override;
    void bind(int index, std::string_view text) override;
    void bindNull(int index) override;

    // For statements without rows: step once, then reset for the next use.
    Status run() override;
    // For queries: true while a row is available; reset happens when the rows run out or on reset().
    Result<bool> next() override;
    void reset() override;

    qint64 columnInt64(int column) const override;
    std::string_view columnText(int column) const override;
    bool columnIsNull(int column) const override;

    // Rows changed by the last run() on this connection.
    int changes() const override;

private:
    Error error(const char *doing) const;

    sqlite3 *m_db;
    sqlite3_stmt *m_stmt = nullptr;
    Status m_prepareStatus;
};

} // namespace engine
