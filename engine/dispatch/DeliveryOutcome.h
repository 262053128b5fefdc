#pragma once
// The result of one attempt to deliver, as the dispatcher hands it to the writer: the delivery's new state,
// the attempt's record, and what a successful reply brought (messages, events, parameters). All of one
// outcome is written in one transaction, so a reply's messages are stored exactly when the delivery is.

#include "deliveries/Delivery.h"
#include "events/Event.h"
#include "ingest/Ingest.h"
#include "ingest/PlannedMessage.h"

#include <QByteArray>
#include <QString>

#include <optional>
#include <vector>

namespace engine {

class WriteTransaction;

struct DeliveryOutcome {
    std::string deliveryId;
    std::string storeId;
    qint64 endpointId = 0;
    QString endpointName;
    qint64 subscriptionId = 0;
    DeliveryState from = DeliveryState::Pending;

    // The attempt.
    int attempt = 1;
    qint64 startedAtMs = 0;
    qint64 durationMs = 0;
    std::optional<int> status;
    QString error;
    QByteArray responseBody; // the first 20 KB of a failed reply

    // Where it goes next.
    DeliveryState to = DeliveryState::Archived;
    std::optional<qint64> dueAtMs;
    QString updateUrl;

    // From a successful reply, and from the endpoint's health.
    std::vector<PlannedMessage> replyMessages;
    std::vector<Event> events;
    std::vector<std::pair<QString, Json>> parameters;
    std::optional<QString> raiseFailingAlert; // with the last error
    bool resolveFailingAlert = false;
    std::optional<QString> raiseDegradedAlert; // with the share that failed
    bool resolveDegradedAlert = false;
    bool pauseEndpoint = false; // it answered 410 Gone

    // Filled in by write(): whether the delivery was still waiting (an owner may have archived or
    // discarded it meanwhile), and what its reply messages became.
    bool applied = false;
    std::vector<TakenMessage> taken;
};

namespace DeliveryOutcomes {

// Writes a batch of outcomes inside the writer's transaction.
Status write(WriteTransaction &tx, std::vector<DeliveryOutcome> &outcomes, Ingest &ingest, qint64 nowMs);

} // namespace DeliveryOutcomes

} // namespace engine
