#include "DamageCheck.h"

#include <QStringList>

#include <sqlite3.h>

namespace engine {

namespace DamageCheck {

namespace {
// quick_check lists up to this many problems; the first few say enough.
constexpr int problemsShown = 3;
} // namespace

Status check(sqlite3 *db, const QString &path)
{
    sqlite3_stmt *statement = nullptr;
    int rc = sqlite3_prepare_v2(db, "PRAGMA quick_check(3)", -1, &statement, nullptr);
    QStringList problems;
    while (rc == SQLITE_OK || rc == SQLITE_ROW) {
        rc = sqlite3_step(statement);
        if (rc != SQLITE_ROW)
            break;
        const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(statement, 0));
        const QString line = QString::fromUtf8(text ? text : "");
        if (line != QLatin1String("ok") && problems.size() < problemsShown)
            problems << line;
    }
    const QString failure = rc == SQLITE_DONE ? QString() : QString::fromUtf8(sqlite3_errmsg(db));
    sqlite3_finalize(statement);
    if (!failure.isEmpty())
        return damaged(path, failure);
    if (!problems.isEmpty())
        return damaged(path, problems.join(QStringLiteral("; ")));
    return {};
}

Error damaged(const QString &path, const QString &what)
{
    return Error{QStringLiteral("%1 is damaged or is not an Integrator database (SQLite says: %2). Nothing was "
                                "written to it. If --db names the wrong file, give the right one. If it is your "
                                "hub's database: stop everything using it and keep a copy, then restore it from a "
                                "backup, or save what can still be read with `sqlite3 %1 .recover | sqlite3 "
                                "NEW.db` (Debian package sqlite3) and start with --db NEW.db, or move it aside to "
                                "start again with an empty database.")
                     .arg(path, what)};
}

Error empty(const QString &path)
{
    return Error{QStringLiteral("%1 is an empty file, not an Integrator database (it may have been truncated). "
                                "Nothing was written to it. If --db names the wrong file, give the right one; "
                                "restore your hub's database from a backup, or delete the empty file to start "
                                "again with an empty database.")
                     .arg(path)};
}

} // namespace DamageCheck

} // namespace engine
