#pragma once
// A prepared statement, as the stores use it: bind by number, run or step through rows, read columns. The
// stores hold SQL and bind values; what prepares and steps it is the backend's (storage/sqlite/ for now).
// Lives on the thread of its transaction; handed out by WriteTransaction::statement(), never kept longer.

#include "core/Result.h"

#include <QtGlobal>

#include <optional>
#include <string_view>

namespace engine {

class Statement {
public:
    virtual ~Statement() = default;

    // Parameters are numbered from 1, as in SQL's ?1. Text is not copied: callers keep it alive until
    // run()/next() returns.
    virtual void bind(int index, qint64 value) = 0;
    virtual void bind(int index, std::string_view text) = 0;
    virtual void bindNull(int index) = 0;
    // Empty text and no value are NULL, as the schema keeps "none".
    void bindOptional(int index, std::string_view text)
    {
        if (text.empty())
            bindNull(index);
        else
            bind(index, text);
    }
    void bindOptional(int index, std::optional<qint64> value)
    {
        if (value)
            bind(index, *value);
        else
            bindNull(index);
    }

    // For statements without rows: run once, ready for the next use.
    virtual Status run() = 0;
    // For queries: true while a row is available; reset happens when the rows run out or on reset().
    virtual Result<bool> next() = 0;
    // Stops reading rows. A statement left in the middle of its rows holds its snapshot of the database.
    virtual void reset() = 0;

    virtual qint64 columnInt64(int column) const = 0;
    virtual std::string_view columnText(int column) const = 0;
    virtual bool columnIsNull(int column) const = 0;

    // Rows changed by the last run().
    virtual int changes() const = 0;
};

} // namespace engine
