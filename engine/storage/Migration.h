#pragma once
// One step of the database schema, as each backend lists them (sqlite/Schema, postgres/PgSchema): the same
// versions with the same meaning, each in its backend's dialect. A database records the version it has
// reached; opening it applies the missing ones, each in its own transaction. Never edit a released
// migration: add a new one, to both backends.

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

namespace Migrations {

// The default consumers (config/DefaultConsumers), on or off, as INSERTs that leave a consumer of the same
// name alone; `nowMs` is the dialect's expression for the time in milliseconds since the epoch.
std::vector<std::string> insertDefaultConsumers(bool enabled, const std::string &nowMs);
// The notice an upgrade that adds the default consumers turned off raises (Alerts::ConsumersOffered).
std::string consumersOfferedAlert(const std::string &nowMs);

} // namespace Migrations

} // namespace engine
