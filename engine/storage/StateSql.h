#pragma once
// SQL made from the rules over delivery states (deliveries/Delivery.h): a query says "live" or "waiting to
// be sent" by asking here, never by listing states of its own, so that no query can disagree with the rule.

#include "deliveries/Delivery.h"

#include <string>
#include <string_view>

namespace engine {

// `column` holds none of the states the rule holds for: "d.state <> 'archived' AND d.state <> 'discarded'".
std::string stateNotIn(std::string_view column, bool (*rule)(DeliveryState));
// `column` holds one of them: "state IN ('pending', 'retrying', 'scheduled')".
std::string stateIn(std::string_view column, bool (*rule)(DeliveryState));

// Deliveries that are not finished, written as the partial index deliveries_live is defined: SQLite uses
// that index only for a query whose WHERE repeats the index's own terms.
inline std::string liveDeliveries(std::string_view column = "state")
{
    return stateNotIn(column, isFinished);
}

} // namespace engine
