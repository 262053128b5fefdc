#pragma once
// One copy of an incoming message for one subscription (DESIGN §4), and the states it goes through:
// pending → sending → archived on success; on failure retrying (while the policy allows) or parked;
// scheduled while an endpoint works on it asynchronously; discarded when the owner drops it undelivered.

#include <QString>
#include <QStringList>

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace engine {

// `sending` is the state DESIGN §4 gives a delivery on the wire, kept for the lease that a dispatcher on
// another machine will hold (issue "Outgrow one machine"); one engine on one file keeps deliveries in flight
// in memory and never writes it.
enum class DeliveryState { Pending, Sending, Retrying, Scheduled, Parked, Archived, Discarded };

inline constexpr std::array<DeliveryState, 7> allDeliveryStates{
    DeliveryState::Pending, DeliveryState::Sending,  DeliveryState::Retrying, DeliveryState::Scheduled,
    DeliveryState::Parked,  DeliveryState::Archived, DeliveryState::Discarded};

// The rules over states, each written once. The queries that filter by one are made from it (see
// storage/StateSql.h), so the dispatcher, the window and the command line cannot disagree.
//
// Finished: nothing more will happen to it unless the owner resends it. Everything else is live, and an
// endpoint or subscription with live deliveries cannot be removed.
constexpr bool isFinished(DeliveryState s)
{
    return s == DeliveryState::Archived || s == DeliveryState::Discarded;
}
constexpr bool isLive(DeliveryState s)
{
    return !isFinished(s);
}
// Waiting for a person: the retries ran out (or the policy has none); only the owner moves it on.
constexpr bool waitsForPerson(DeliveryState s)
{
    return s == DeliveryState::Parked;
}
// Waiting to be sent, now or at its due time.
constexpr bool waitsToBeSent(DeliveryState s)
{
    return s == DeliveryState::Pending || s == DeliveryState::Retrying || s == DeliveryState::Scheduled;
}

// The states a rule holds for, in the order of the enum, and their names.
std::vector<DeliveryState> deliveryStatesWhere(bool (*rule)(DeliveryState));
QStringList deliveryStateNames(bool (*rule)(DeliveryState));

const char *deliveryStateName(DeliveryState state);
std::optional<DeliveryState> deliveryStateFromName(std::string_view name);

struct Delivery {
    std::string id;       // its own message_id, stable across retries
    std::string parentId; // the incoming message it copies
    qint64 subscriptionId = 0;
    qint64 endpointId = 0;
    std::string type;
    DeliveryState state = DeliveryState::Pending;
    int attempts = 0;
    std::optional<qint64> dueAt; // when it may be sent next (ms since the epoch)
    qint64 createdAt = 0;
    std::optional<int> lastStatus;
    QString lastError;
    std::optional<qint64> completedAt;
    QString updateUrl;
    std::string storeId;
};

} // namespace engine
