#pragma once
// Alerts (DESIGN §1): something a person must look at now, raised and resolved by the engine. At most one
// is open per kind and subject; raising it again updates its detail. Writer thread, inside a transaction.

#include "core/Result.h"

#include <QString>

namespace engine {

class WriteTransaction;

namespace Alerts {

inline const QString EndpointFailing = QStringLiteral("endpoint_failing");
inline const QString EndpointPaused = QStringLiteral("endpoint_paused");

Status raise(WriteTransaction &tx, const QString &kind, const QString &subject, const QString &detail, qint64 nowMs);
Status resolve(WriteTransaction &tx, const QString &kind, const QString &subject, qint64 nowMs);

} // namespace Alerts

} // namespace engine
