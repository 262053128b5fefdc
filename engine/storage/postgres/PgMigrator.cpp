#include "PgMigrator.h"

#include "PgSchema.h"
#include "storage/SqlError.h"

#include <QSqlError>
#include <QSqlQuery>

namespace engine::PgMigrator {

namespace {

// The advisory lock the migrators of every node take: one number, Integrator's own.
constexpr qint64 migrationLock = 0x496e746567726174; // "Integrat"

Status exec(QSqlDatabase db, const QString &sql)
{
    QSqlQuery query(db);
    if (!query.exec(sql))
        return sqlError(sql.left(80), query.lastError());
    return {};
}

Error newerThanKnown(const QString &label, int version)
{
    return Error{QStringLiteral("%1 has schema version %2, which is newer than this Integrator knows "
                                "(version %3). Use a newer Integrator, or another database with --db.")
                     .arg(label)
                     .arg(version)
                     .arg(PgSchema::latestVersion())};
}

// The latest version the build that made the database knew.
Result<int> madeAtVersion(QSqlDatabase db, const QString &label)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT made_at FROM schema_version")) || !query.next())
        return sqlError(QStringLiteral("cannot read the schema version of %1").arg(label), query.lastError());
    return query.value(0).toInt();
}

} // namespace

Result<int> currentVersion(QSqlDatabase db, const QString &label)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT to_regclass('schema_version') IS NOT NULL, (SELECT count(*) FROM "
                                   "pg_tables WHERE schemaname = current_schema())")) ||
        !query.next())
        return sqlError(QStringLiteral("cannot read the tables of %1").arg(label), query.lastError());
    const bool hasVersionTable = query.value(0).toBool();
    const qint64 tables = query.value(1).toLongLong();
    if (!hasVersionTable) {
        if (tables > 0)
            return Error{
                QStringLiteral("%1 is not an Integrator database: it has tables but no schema_version").arg(label)};
        return 0;
    }
    if (!query.exec(QStringLiteral("SELECT version FROM schema_version")) || !query.next())
        return sqlError(QStringLiteral("cannot read the schema version of %1").arg(label), query.lastError());
    return query.value(0).toInt();
}

Status migrate(QSqlDatabase db, const QString &label, int target)
{
    const int latest = PgSchema::latestVersion();
    if (target < 0)
        target = latest;
    Result<int> before = currentVersion(db, label);
    if (!before)
        return before.error();
    if (*before > latest)
        return newerThanKnown(label, *before);

    for (const Migration &migration : PgSchema::migrations()) {
        if (migration.version <= *before)
            continue;
        if (migration.version > target)
            break;
        // DDL is transactional here: a migration is applied whole or not at all. The lock keeps other
        // nodes' migrators waiting; the version is read again once it is held.
        if (Status ok = exec(db, QStringLiteral("BEGIN")); !ok)
            return ok;
        // Nothing to report if the rollback fails: the connection is then gone, and the transaction with it.
        const auto rollback = [&db] { (void)exec(db, QStringLiteral("ROLLBACK")); };
        if (Status ok = exec(db, QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(migrationLock)); !ok) {
            rollback();
            return ok;
        }
        Result<int> version = currentVersion(db, label);
        if (!version || *version >= migration.version) {
            rollback();
            if (!version)
                return version.error();
            if (*version > latest)
                return newerThanKnown(label, *version);
            continue;
        }
        // Whether the database is being made or upgraded, for this migration: made, when the build that made
        // it knew this migration. Read from the database, not from this run, since other nodes' migrators
        // may have applied the migrations before this one.
        QStringList statements;
        if (*version == 0) {
            statements << QStringLiteral("CREATE TABLE schema_version (version INTEGER NOT NULL, made_at INTEGER NOT "
                                         "NULL)")
                       << QStringLiteral("INSERT INTO schema_version (version, made_at) VALUES (0, %1)").arg(latest);
        }
        Result<int> madeAt = *version == 0 ? Result<int>(latest) : madeAtVersion(db, label);
        if (!madeAt) {
            rollback();
            return madeAt.error();
        }
        for (const std::string &sql : migration.statements)
            statements << QString::fromStdString(sql);
        for (const std::string &sql : migration.version <= *madeAt ? migration.whenNew : migration.whenUpgrading)
            statements << QString::fromStdString(sql);
        statements << QStringLiteral("UPDATE schema_version SET version = %1").arg(migration.version);
        for (const QString &sql : statements) {
            if (Status ok = exec(db, sql); !ok) {
                rollback();
                return runtimeError(QStringLiteral("upgrading %1 to version %2 (%3) failed: %4")
                                        .arg(label)
                                        .arg(migration.version)
                                        .arg(QLatin1String(migration.description), ok.error().message));
            }
        }
        if (Status ok = exec(db, QStringLiteral("COMMIT")); !ok) {
            rollback();
            return ok;
        }
    }
    return {};
}

} // namespace engine::PgMigrator
