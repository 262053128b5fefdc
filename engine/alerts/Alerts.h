#pragma once
// Alerts (DESIGN §1): something a person must look at now, raised and resolved by the engine. At most one
// is open per kind and subject; raising it again updates its detail. Writer thread, inside a transaction.

#include "core/Result.h"

#include <QSqlDatabase>
#include <QString>

#include <vector>

namespace engine {

class WriteTransaction;

namespace Alerts {

inline const QString EndpointFailing = QStringLiteral("endpoint_failing");
inline const QString EndpointPaused = QStringLiteral("endpoint_paused");
// The archive could not be trimmed to the owner's retention limit; subject "archive". Resolved by the next
// sweep that succeeds.
inline const QString RetentionFailing = QStringLiteral("retention_failing");

Status raise(WriteTransaction &tx, const QString &kind, const QString &subject, const QString &detail, qint64 nowMs);
Status resolve(WriteTransaction &tx, const QString &kind, const QString &subject, qint64 nowMs);
Status acknowledge(WriteTransaction &tx, qint64 alertId, qint64 nowMs);
// Resolves each open endpoint_paused alert whose endpoint is no longer paused (or no longer exists).
Status resolveForActiveEndpoints(WriteTransaction &tx, qint64 nowMs);

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

// The open ones first, then the most recent past ones, up to `limit`. On a read connection's thread.
Result<std::vector<Alert>> list(QSqlDatabase database, int limit = 500);

} // namespace Alerts

} // namespace engine
