#include "DeliveryOutcome.h"

#include "alerts/Alerts.h"
#include "storage/AlertStore.h"
#include "storage/ConfigStore.h"
#include "storage/DeliveryStore.h"
#include "storage/EventStore.h"

namespace engine {

Status DeliveryOutcomes::write(WriteTransaction &tx, std::vector<DeliveryOutcome> &outcomes, Ingest &ingest,
                               qint64 nowMs)
{
    DeliveryStore deliveries(tx);
    for (DeliveryOutcome &o : outcomes) {
        const std::string error = o.error.toStdString();
        const std::string updateUrl = o.updateUrl.toStdString();
        const std::string body = o.responseBody.toStdString();
        DeliveryStore::Attempt attempt;
        attempt.deliveryId = o.deliveryId;
        attempt.number = o.attempt;
        attempt.startedAtMs = o.startedAtMs;
        attempt.durationMs = o.durationMs;
        attempt.endedAtMs = nowMs;
        attempt.status = o.status;
        attempt.error = error;
        attempt.responseBody = body;
        attempt.updateUrl = updateUrl;
        attempt.to = o.to;
        attempt.dueAtMs = o.dueAtMs;
        Result<bool> applied = deliveries.recordAttempt(attempt);
        if (!applied)
            return applied.error();
        o.applied = *applied;

        if (!o.parameters.empty()) {
            if (Status ok = ConfigStore::storeParameters(tx, o.subscriptionId, o.parameters); !ok)
                return ok;
        }
        for (const Event &event : o.events) {
            if (Status ok = EventStore::record(tx, event, nowMs); !ok)
                return ok;
        }
        if (!o.replyMessages.empty()) {
            if (Status ok = ingest.write(tx, o.replyMessages, o.taken); !ok)
                return ok;
        }
        if (o.raiseFailingAlert) {
            if (Status ok = AlertStore::raise(tx, Alerts::EndpointFailing, o.endpointName, *o.raiseFailingAlert, nowMs);
                !ok)
                return ok;
        }
        if (o.resolveFailingAlert) {
            if (Status ok = AlertStore::resolve(tx, Alerts::EndpointFailing, o.endpointName, nowMs); !ok)
                return ok;
        }
        if (o.pauseEndpoint) {
            if (Status ok = ConfigStore::pauseEndpoint(tx, o.endpointId); !ok)
                return ok;
            if (Status ok = AlertStore::raise(
                    tx, Alerts::EndpointPaused, o.endpointName,
                    QStringLiteral("answered 410 Gone, so it was paused; resume it when it is back"), nowMs);
                !ok)
                return ok;
        }
    }
    return {};
}

} // namespace engine
