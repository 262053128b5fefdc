#pragma once
// The values at a set of named paths, as one canonical text, that says when two messages carry the same
// identifiers: a subscription delivers them once, a consumer emits them once (DESIGN §7).

#include "JsonPath.h"
#include "core/Json.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace engine {

// Sorted by name, so that equal values give equal keys.
using IdentifierPaths = std::vector<std::pair<std::string, JsonPath>>;

// {"order_number":"R123"} for the values in `document`; nothing when there are no paths or the document lacks
// one of them (it cannot be told apart, so it is never held back). A path with * gives the list of its values.
std::optional<std::string> identifierKey(const IdentifierPaths &paths, const Json &document);

} // namespace engine
