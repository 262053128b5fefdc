#pragma once
// SQLite's schema as an ordered list of migrations (storage/Migration.h; postgres/PgSchema has the same in
// PostgreSQL's dialect).

#include "storage/Migration.h"

#include <vector>

namespace engine {

namespace Schema {
const std::vector<Migration> &migrations();
int latestVersion();
} // namespace Schema

} // namespace engine
