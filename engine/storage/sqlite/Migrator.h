#pragma once
// Brings a database to the schema this build knows, or refuses a database from a newer build.

#include "core/Result.h"

namespace engine {

class Connection;

namespace Migrator {

// The version the database has reached: 0 for an empty file.
Result<int> currentVersion(Connection &connection);
// Applies the missing migrations up to `target` (the latest by default), each in one transaction.
// A database newer than this build, or a file with tables that are not Integrator's, is refused and left
// untouched.
Status migrate(Connection &connection, int target = -1);

} // namespace Migrator

} // namespace engine
