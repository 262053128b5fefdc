#pragma once
// One copy of an incoming message for one subscription (DESIGN §4), and the states it goes through:
// pending → sending → archived on success; on failure retrying (while the policy allows) or parked;
// scheduled while an endpoint works on it asynchronously; discarded when the owner drops it undelivered.

#include <QString>

#include <optional>
#include <string>

namespace engine {

enum class DeliveryState { Pending, Sending, Retrying, Scheduled, Parked, Archived, Discarded };

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
