#pragma once
// PostgreSQL's schema: the same migrations as SQLite's (sqlite/Schema), version for version, in PostgreSQL's
// dialect. Identities for SQLite's integer keys, BIGINT for times in milliseconds, a trigger function for
// the configuration's revision; the same tables, columns, keys and indexes, so that the storage layer's
// stores read and write both alike.

#include "storage/Migration.h"

#include <vector>

namespace engine::PgSchema {

const std::vector<Migration> &migrations();
int latestVersion();

} // namespace engine::PgSchema
