#pragma once
// Before the writer touches an existing database file, a look at whether it is whole: a truncated file, or
// garbage in its pages, is refused with a message that says what to do, and nothing is written to it. SQLite
// would otherwise open it and fail later, halfway through some write, or not at all while the damage sits
// in pages nobody reads yet.
//
// The look is SQLite's quick_check: every page of every table and index is read and its structure checked
// (not that each index agrees with its table, which integrity_check adds at several times the cost). It reads
// the whole file once, which the engine pays at start.

#include "core/Result.h"

#include <QString>

struct sqlite3;

namespace engine {

namespace DamageCheck {

// Whether the file at `path`, opened as `db`, is an intact SQLite database.
Status check(sqlite3 *db, const QString &path);

// The refusal of a file that is not whole, saying what to do; `what` is what was found.
Error damaged(const QString &path, const QString &what);

// The refusal of a file that is empty though it exists: SQLite would take it for a new database and write
// a schema into it, but something made that file and may have meant something else by it.
Error empty(const QString &path);

} // namespace DamageCheck

} // namespace engine
