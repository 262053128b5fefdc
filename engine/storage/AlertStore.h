#pragma once
// Where alerts (alerts/Alerts.h) are kept: raised, resolved and acknowledged by the writer, inside its
// transaction; listed on a read connection.

#include "alerts/Alerts.h"
#include "core/Result.h"

#include <QSqlDatabase>
#include <QString>

#include <vector>

namespace engine {

class WriteTransaction;

namespace AlertStore {

Status raise(WriteTransaction &tx, const QString &kind, const QString &subject, const QString &detail, qint64 nowMs);
Status resolve(WriteTransaction &tx, const QString &kind, const QString &subject, qint64 nowMs);
Status acknowledge(WriteTransaction &tx, qint64 alertId, qint64 nowMs);
// Resolves each open endpoint_paused alert whose endpoint is no longer paused (or no longer exists).
Status resolveForActiveEndpoints(WriteTransaction &tx, qint64 nowMs);

// The open ones first, then the most recent past ones, up to `limit`. On a read connection's thread.
Result<std::vector<Alerts::Alert>> list(QSqlDatabase database, int limit = 500);

} // namespace AlertStore

} // namespace engine
