#include "Migrator.h"

#include "Connection.h"
#include "Schema.h"
#include "storage/SqlError.h"

#include <QSqlError>
#include <QSqlQuery>

namespace engine {

Result<int> Migrator::currentVersion(Connection &connection)
{
    QSqlQuery query(connection.database());
    if (!query.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table'")))
        return sqlError(QStringLiteral("cannot read the database's tables"), query.lastError());
    bool hasVersionTable = false;
    bool hasOtherTables = false;
    while (query.next()) {
        const QString name = query.value(0).toString();
        if (name == QLatin1String("schema_version"))
            hasVersionTable = true;
        else if (!name.startsWith(QLatin1String("sqlite_")))
            hasOtherTables = true;
    }
    if (!hasVersionTable) {
        if (hasOtherTables) {
            return Error{QStringLiteral("%1 is not an Integrator database: it has tables but no schema_version")
                             .arg(connection.path())};
        }
        return 0;
    }
    if (!query.exec(QStringLiteral("SELECT version FROM schema_version")) || !query.next())
        return sqlError(QStringLiteral("cannot read the schema version"), query.lastError());
    return query.value(0).toInt();
}

namespace {
Error newerThanKnown(const Connection &connection, int version)
{
    return Error{QStringLiteral("%1 has schema version %2, which is newer than this Integrator knows "
                                "(version %3). Use a newer Integrator, or another database with --db.")
                     .arg(connection.path())
                     .arg(version)
                     .arg(Schema::latestVersion())};
}
} // namespace

Status Migrator::migrate(Connection &connection, int target)
{
    const int latest = Schema::latestVersion();
    if (target < 0)
        target = latest;
    Result<int> before = currentVersion(connection);
    if (!before)
        return before.error();
    if (*before > latest)
        return newerThanKnown(connection, *before);

    for (const Migration &migration : Schema::migrations()) {
        if (migration.version <= *before)
            continue;
        if (migration.version > target)
            break;
        // Read the version again inside the write transaction: another process may have migrated meanwhile.
        if (Status ok = connection.exec(QStringLiteral("BEGIN IMMEDIATE")); !ok)
            return ok;
        Result<int> version = currentVersion(connection);
        if (!version || *version >= migration.version) {
            connection.rollback();
            if (!version)
                return version.error();
            if (*version > latest)
                return newerThanKnown(connection, *version);
            continue;
        }
        QStringList statements;
        if (*version == 0) {
            statements << QStringLiteral("CREATE TABLE schema_version (version INTEGER NOT NULL)")
                       << QStringLiteral("INSERT INTO schema_version (version) VALUES (0)");
        }
        for (const std::string &sql : migration.statements)
            statements << QString::fromStdString(sql);
        for (const std::string &sql : *before == 0 ? migration.whenNew : migration.whenUpgrading)
            statements << QString::fromStdString(sql);
        statements << QStringLiteral("UPDATE schema_version SET version = %1").arg(migration.version);
        for (const QString &sql : statements) {
            if (Status ok = connection.exec(sql); !ok) {
                connection.rollback();
                return runtimeError(QStringLiteral("upgrading the database to version %1 (%2) failed: %3")
                                        .arg(migration.version)
                                        .arg(QLatin1String(migration.description), ok.error().message));
            }
        }
        if (Status ok = connection.exec(QStringLiteral("COMMIT")); !ok) {
            connection.rollback();
            return ok;
        }
    }
    return {};
}

} // namespace engine
