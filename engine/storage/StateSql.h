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

// Of the archived deliveries `d`, the ones the endpoint took: archived by a 2xx answer with nothing wrong in
// it. The owner's Archive leaves the last failure's status and error in place (or none, if it was never
// sent), so this tells the endpoint's success from the owner's decision without a state of its own.
inline constexpr const char *deliveredTerm =
    "(d.state = 'archived' AND d.last_status BETWEEN 200 AND 299 AND coalesce(d.last_error, '') = '')";

} // namespace engine
