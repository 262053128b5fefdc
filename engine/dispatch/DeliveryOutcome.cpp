#include "DeliveryOutcome.h"

#include "alerts/Alerts.h"
#include "storage/AlertStore.h"
#include "storage/ConfigStore.h"
#include "storage/DeliveryStore.h"
#include "storage/EventStore.h"

namespace engine {

namespace {

// An attempt as an event on each object its message is about: "Delivered to warehouse", "Failed at
// warehouse: HTTP 500", "Parked at warehouse". The same again (another delivery of the order's messages to
// that endpoint) counts another occurrence.
Status recordOnHistory(WriteTransaction &tx, DeliveryStore &deliveries, const DeliveryOutcome &o, qint64 nowMs)
{
    if (!o.applied)
        return {}; // the owner had archived or discarded it meanwhile: their action is on record
    Result<DeliveryStore::Parent> parent = deliveries.parentOf(o.deliveryId);
    if (!parent)
        return parent.error();
    if (parent->objects.empty())
        return {};
    const bool failed = !o.error.isEmpty() || (o.status && (*o.status < 200 || *o.status >= 300));
    Event e;
    e.storeId = QString::fromStdString(o.storeId);
    e.messageId = parent->messageId;
    e.origin = QStringLiteral("endpoint:") + o.endpointName;
    if (!failed) {
        e.subject = QStringLiteral("Delivered to %1").arg(o.endpointName);
        e.description = o.status ? QStringLiteral("HTTP %1").arg(*o.status) : QString();
    } else {
        const bool parked = o.to == DeliveryState::Parked;
        e.level = parked ? QStringLiteral("error") : QStringLiteral("warn");
        e.subject = (parked ? QStringLiteral("Parked at %1") : QStringLiteral("Failed at %1")).arg(o.endpointName);
        e.description = !o.error.isEmpty() ? o.error : QStringLiteral("HTTP %1").arg(*o.status);
    }
    for (const ObjectRef &object : parent->objects) {
        e.referenceType = QString::fromStdString(object.type);
        e.referenceId = QString::fromStdString(object.id);
        if (Status ok = EventStore::record(tx, e, nowMs); !ok)
            return ok;
    }
    return {};
}

} // namespace

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
        if (Status ok = recordOnHistory(tx, deliveries, o, nowMs); !ok)
            return ok;

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
        if (o.raiseDegradedAlert) {
            if (Status ok =
                    AlertStore::raise(tx, Alerts::EndpointDegraded, o.endpointName, *o.raiseDegradedAlert, nowMs);
                !ok)
                return ok;
        }
        if (o.resolveDegradedAlert) {
            if (Status ok = AlertStore::resolve(tx, Alerts::EndpointDegraded, o.endpointName, nowMs); !ok)
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
