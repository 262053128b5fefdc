#pragma once
// What changed between two copies of an object, as an order:updated carries it (DESIGN §8):
// {"field.path": [old, new]} for each value that differs, nested fields dotted ("shipments.0.status"),
// a field that is gone or new paired with null. Pure functions.

#include "core/Json.h"

namespace engine::ObjectDiff {

Json between(const Json &before, const Json &after);

// True when the diff says more than that a time of change moved (`updated_at` at any depth): Spree touches
// an order without changing it, and that makes no message.
bool changesMoreThanTimes(const Json &diff);

// The diff in one line for a person, times of change left out: "status: complete → canceled; total: 44.98 →
// 39.98", cut at about `most` characters with "and N more".
std::string summary(const Json &diff, size_t most = 200);

} // namespace engine::ObjectDiff
