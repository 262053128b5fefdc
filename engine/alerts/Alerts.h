#pragma once
// Alerts (DESIGN §1): something a person must look at now, raised and resolved by the engine. At most one
// is open per kind and subject; raising it again updates its detail. Kept by storage/AlertStore.

#include <QString>

#include <utility>

namespace engine {

namespace Alerts {

inline const QString EndpointFailing = QStringLiteral("endpoint_failing");
inline const QString EndpointPaused = QStringLiteral("endpoint_paused");
// Too large a share of an endpoint's recent attempts failed (HubSettings::degradedFailurePercent), though not
// enough in a row to open its circuit; subject the endpoint's name. Resolved when the share falls to half
// the threshold.
inline const QString EndpointDegraded = QStringLiteral("endpoint_degraded");
// A store's API could not be polled (failures in a row, or a long silence); subject the store's id, detail
// the reason. Resolved by the next poll that works.
inline const QString StoreUnreachable = QStringLiteral("store_unreachable");
// A store's pushes keep being refused for its token (PushRefusals::alertAfter in a row); subject the store's
// id, detail why and from where. Resolved by its next push that is let in.
inline const QString StorePushRefused = QStringLiteral("store_push_refused");
// The archive could not be trimmed to the owner's retention limit; subject "archive". Resolved by the next
// sweep that succeeds.
inline const QString RetentionFailing = QStringLiteral("retention_failing");
// The database ran out of space (storage/SpaceState): pushes are answered 503 and deliveries wait; subject
// "database", detail what the database said. Resolved once writes go through again (alerts/SpaceAlert).
inline const QString DatabaseFull = QStringLiteral("database_full");
// A notice, not a fault: an upgrade added the default consumers turned off; subject "consumers". Resolved
// when the owner acknowledges it (storage/AlertStore), never by the engine.
inline const QString ConsumersOffered = QStringLiteral("consumers_offered");

// The object an alert of `kind` is about, as histories name it: ("endpoint", name) for the endpoint_*
// kinds, ("store", id) for the store_* kinds; empty for the hub's own (the archive, the consumers notice).
inline std::pair<QString, QString> objectOf(const QString &kind, const QString &subject)
{
    if (kind.startsWith(QLatin1String("endpoint_")))
        return {QStringLiteral("endpoint"), subject};
    if (kind.startsWith(QLatin1String("store_")))
        return {QStringLiteral("store"), subject};
    return {};
}

struct Alert {
    qint64 id = 0;
    QString kind;
    QString subject;
    QString detail;
    qint64 raisedAtMs = 0;
    qint64 resolvedAtMs = 0;     // 0 while open
    qint64 acknowledgedAtMs = 0; // 0 until a person has seen it
    bool isOpen() const { return resolvedAtMs == 0; }
};

} // namespace Alerts

} // namespace engine
