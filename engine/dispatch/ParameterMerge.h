#pragma once
// How a reply's `parameters` change a subscription's (DESIGN §6, how an endpoint keeps a cursor): each one
// replaces the parameter of the same name, or is added. The same rule for what the dispatcher sends next
// and for what is stored, so the two never disagree.

#include "core/Json.h"

#include <QString>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace engine {

// `stored` is the subscription's parameters as JSON text, [{"name", "value"}, ...]; anything but an array
// counts as none. Returns the merged list as JSON text.
std::string mergeParameters(std::string_view stored, const std::vector<std::pair<QString, Json>> &updates);

} // namespace engine
