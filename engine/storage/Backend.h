#pragma once
// Which backend a database location names, and the one place that opens it: a file path is SQLite's
// (storage/sqlite/), a postgresql:// URL is PostgreSQL's (storage/postgres/). The parts see only Writer and
// ReadConnection, whichever it is.

#include "core/Clock.h"
#include "core/Result.h"
#include "storage/Writer.h"
#include "storage/sqlite/DatabaseWriter.h"

#include <QString>

#include <memory>

namespace engine {

enum class BackendKind { Sqlite, Postgres };

BackendKind backendOf(const QString &location);
// Where the database is, for messages and the window: a file's path, or the URL without its password.
QString displayLocation(const QString &location);
// The writer for `location`, not yet started. Of `options`, PostgreSQL takes the batch weight; the rest is
// SQLite's own. An unreadable URL is an error that says what is wrong with it.
Result<std::unique_ptr<Writer>> makeWriter(const QString &location, const Clock &clock,
                                           const DatabaseWriter::Options &options = {});

} // namespace engine
