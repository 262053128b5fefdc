#include "AlertStore.h"

#include "EventStore.h"
#include "SqlError.h"
#include "Statement.h"
#include "WriteTransaction.h"

#include <QSqlError>
#include <QSqlQuery>

namespace engine::AlertStore {

using Alerts::Alert;
using Alerts::EndpointPaused;

namespace {

// An alert raised or resolved, as an event on its endpoint or store, so that their histories tell it.
Status recordEvent(WriteTransaction &tx, const QString &kind, const QString &subject, const QString &detail,
                   bool raised, qint64 nowMs)
{
    Event e;
    e.origin = QStringLiteral("engine");
    e.level = raised ? QStringLiteral("warn") : QStringLiteral("info");
    std::tie(e.referenceType, e.referenceId) = Alerts::objectOf(kind, subject);
    if (e.referenceType == QLatin1String("store"))
        e.storeId = subject;
    QString what = kind;
    what.replace(QLatin1Char('_'), QLatin1Char(' '));
    e.subject = (raised ? QStringLiteral("Alert raised: %1 (%2)") : QStringLiteral("Alert resolved: %1 (%2)"))
                    .arg(what, subject);
    e.description = detail;
    return EventStore::record(tx, e, nowMs);
}

} // namespace

Status raise(WriteTransaction &tx, const QString &kind, const QString &subject, const QString &detail, qint64 nowMs)
{
    const std::string k = kind.toStdString(), s = subject.toStdString(), d = detail.toStdString();
    Statement &open = tx.statement("SELECT 1 FROM alerts WHERE kind = ?1 AND subject = ?2 AND resolved_at IS NULL");
    open.bind(1, k);
    open.bind(2, s);
    Result<bool> wasOpen = open.next();
    open.reset();
    if (!wasOpen)
        return wasOpen.error();
    Statement &insert =
        tx.statement("INSERT INTO alerts (kind, subject, detail, raised_at) VALUES (?1, ?2, ?3, ?4) "
                     "ON CONFLICT (kind, subject) WHERE resolved_at IS NULL DO UPDATE SET detail = excluded.detail");
    insert.bind(1, k);
    insert.bind(2, s);
    insert.bind(3, d);
    insert.bind(4, nowMs);
    if (Status ok = insert.run(); !ok)
        return ok;
    return *wasOpen ? Status{} : recordEvent(tx, kind, subject, detail, true, nowMs);
}

Status resolve(WriteTransaction &tx, const QString &kind, const QString &subject, qint64 nowMs)
{
    const std::string k = kind.toStdString(), s = subject.toStdString();
    Statement &update =
        tx.statement("UPDATE alerts SET resolved_at = ?3 WHERE kind = ?1 AND subject = ?2 AND resolved_at IS NULL");
    update.bind(1, k);
    update.bind(2, s);
    update.bind(3, nowMs);
    if (Status ok = update.run(); !ok)
        return ok;
    return update.changes() > 0 ? recordEvent(tx, kind, subject, QString(), false, nowMs) : Status{};
}

Status resolveForActiveEndpoints(WriteTransaction &tx, qint64 nowMs)
{
    Statement &update =
        tx.statement("UPDATE alerts SET resolved_at = ?2 WHERE kind = ?1 AND resolved_at IS NULL AND subject NOT IN "
                     "(SELECT name FROM endpoints WHERE state = 'paused') RETURNING subject");
    const std::string kind = EndpointPaused.toStdString(); // bound as is: it must outlive run()
    update.bind(1, kind);
    update.bind(2, nowMs);
    std::vector<QString> resolved;
    while (true) {
        Result<bool> row = update.next();
        if (!row)
            return row.error();
        if (!*row)
            break;
        resolved.push_back(toQString(std::string(update.columnText(0))));
    }
    for (const QString &subject : resolved) {
        if (Status ok = recordEvent(tx, EndpointPaused, subject, QString(), false, nowMs); !ok)
            return ok;
    }
    return {};
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
