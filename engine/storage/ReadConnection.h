#pragma once
// A connection for reading, as the parts that read see it: the stores' read functions take its QtSql handle;
// a read that is no longer wanted can be abandoned (AbandonWhen); the dispatcher prepares its frequent reads
// on one. The backend makes it (storage/sqlite/Connection, storage/postgres/PgReadConnection). Lives on the thread that
// opened it.

#include "core/Result.h"

#include <QSqlDatabase>
#include <QString>

#include <functional>
#include <memory>
#include <string>

namespace engine {

class Statement;

class ReadConnection {
public:
    virtual ~ReadConnection() = default;

    virtual QSqlDatabase database() const = 0;
    // A statement prepared for reads that run often; it must be gone before the connection is.
    virtual std::unique_ptr<Statement> prepare(const std::string &sql) = 0;
    // Ends the statement running on this connection, and every one after it, with an "interrupted" error,
    // for good. Thread-safe: for closing while a long read runs (the window quitting in the middle of a count).
    virtual void abandon() = 0;
    // While set, the backend asks `unwanted` every so often during a statement on this connection and ends
    // the statement once it says yes. On the connection's thread; empty to stop asking. See AbandonWhen.
    virtual void setUnwanted(std::function<bool()> unwanted) = 0;
};

// Opens a read connection to the database at `location` (which must exist: the writer creates it).
// Defined in storage/Backend.cpp, for either backend.
Result<std::unique_ptr<ReadConnection>> openReadConnection(const QString &location);

} // namespace engine
