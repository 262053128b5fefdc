#pragma once
// The database schema as an ordered list of migrations. A database records the version it has reached;
// opening it applies the missing ones, each in its own transaction. Never edit a released migration:
// add a new one.

#include <string>
#include <vector>

namespace engine {

struct Migration {
    int version;
    const char *description;
    std::vector<std::string> statements;
    // Run after `statements`: the first when the database was empty before this upgrade began (it is being
    // made), the second when it had data.
    std::vector<std::string> whenNew = {};
    std::vector<std::string> whenUpgrading = {};
};

namespace Schema {
const std::vector<Migration> &migrations();
int latestVersion();
} // namespace Schema

} // namespace engine
