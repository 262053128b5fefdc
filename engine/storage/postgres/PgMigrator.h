#pragma once
// Brings a PostgreSQL database to the schema this build knows (PgSchema), or refuses one from a newer build
// or one that holds tables not Integrator's, leaving it as it was. Several engines may start on one
// database at once: each migration runs in one transaction under an advisory lock, and reads the version
// again once it holds the lock, so that each is applied once.

#include "core/Result.h"

#include <QSqlDatabase>

namespace engine::PgMigrator {

// The version the database has reached: 0 for an empty one. `label` names it in errors.
Result<int> currentVersion(QSqlDatabase db, const QString &label);
// Applies the missing migrations up to `target` (the latest by default), each in one transaction.
Status migrate(QSqlDatabase db, const QString &label, int target = -1);

} // namespace engine::PgMigrator
