#include "AlertStore.h"

#include "SqlError.h"
#include "Statement.h"
#include "WriteTransaction.h"

#include <QSqlError>
#include <QSqlQuery>

namespace engine::AlertStore {

using Alerts::Alert;
using Alerts::EndpointPaused;

Status raise(WriteTransaction &tx, const QString &kind, const QString &subject, const QString &detail, qint64 nowMs)
{
    const std::string k = kind.toStdString(), s = subject.toStdString(), d = detail.toStdString();
    Statement &insert =
        tx.statement("INSERT INTO alerts (kind, subject, detail, raised_at) VALUES (?1, ?2, ?3, ?4) "
                     "ON CONFLICT (kind, subject) WHERE resolved_at IS NULL DO UPDATE SET detail = excluded.detail");
    insert.bind(1, k);
    insert.bind(2, s);
    insert.bind(3, d);
    insert.bind(4, nowMs);
    return insert.run();
}

Status resolve(WriteTransaction &tx, const QString &kind, const QString &subject, qint64 nowMs)
{
    const std::string k = kind.toStdString(), s = subject.toStdString();
    Statement &update =
        tx.statement("UPDATE alerts SET resolved_at = ?3 WHERE kind = ?1 AND subject = ?2 AND resolved_at IS NULL");
    update.bind(1, k);
    update.bind(2, s);
    update.bind(3, nowMs);
    return update.run();
}

Status resolveForActiveEndpoints(WriteTransaction &tx, qint64 nowMs)
{
    Statement &update =
        tx.statement("UPDATE alerts SET resolved_at = ?2 WHERE kind = ?1 AND resolved_at IS NULL AND subject NOT IN "
                     "(SELECT name FROM endpoints WHERE state = 'paused')");
    const std::string kind = EndpointPaused.toStdString(); // bound as is: it must outlive run()
    update.bind(1, kind);
    update.bind(2, nowMs);
    return update.run();
}

Status acknowledge(WriteTransaction &tx, qint64 alertId, qint64 nowMs)
{
    Statement &update =
        tx.statement("UPDATE alerts SET acknowledged_at = ?2 WHERE id = ?1 AND acknowledged_at IS NULL");
    update.bind(1, alertId);
    update.bind(2, nowMs);
    if (Status ok = update.run(); !ok)
        return ok;
    // A notice has no cause to go away: once read, it is done.
    Statement &resolve = tx.statement("UPDATE alerts SET resolved_at = ?2 WHERE id = ?1 AND kind = ?3 AND "
                                      "resolved_at IS NULL");
    resolve.bind(1, alertId);
    resolve.bind(2, nowMs);
    const std::string notice = Alerts::ConsumersOffered.toStdString();
    resolve.bind(3, notice);
    return resolve.run();
}

Result<std::vector<Alert>> list(QSqlDatabase database, int limit)
{
    QSqlQuery q(database);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral(
                    "SELECT id, kind, subject, detail, raised_at, coalesce(resolved_at, 0), "
                    "coalesce(acknowledged_at, 0) FROM alerts ORDER BY resolved_at IS NOT NULL, id DESC LIMIT %1")
                    .arg(limit)))
        return sqlError(QStringLiteral("cannot read alerts"), q.lastError());
    std::vector<Alert> alerts;
    while (q.next()) {
        alerts.push_back({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString(),
                          q.value(4).toLongLong(), q.value(5).toLongLong(), q.value(6).toLongLong()});
    }
    return alerts;
}

} // namespace engine::AlertStore
