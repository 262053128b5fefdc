#include "Alerts.h"

#include "database/SqliteStatement.h"
#include "database/WriteTransaction.h"

namespace engine::Alerts {

Status raise(WriteTransaction &tx, const QString &kind, const QString &subject, const QString &detail, qint64 nowMs)
{
    const std::string k = kind.toStdString(), s = subject.toStdString(), d = detail.toStdString();
    SqliteStatement &insert = tx.statement(
        "INSERT INTO alerts (kind, subject, detail, raised_at) VALUES (?1, ?2, ?3, ?4) "
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
    SqliteStatement &update =
        tx.statement("UPDATE alerts SET resolved_at = ?3 WHERE kind = ?1 AND subject = ?2 AND resolved_at IS NULL");
    update.bind(1, k);
    update.bind(2, s);
    update.bind(3, nowMs);
    return update.run();
}

} // namespace engine::Alerts
