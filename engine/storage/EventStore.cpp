#include "EventStore.h"

#include "SqlError.h"
#include "Statement.h"
#include "WriteTransaction.h"

#include <QSqlError>
#include <QSqlQuery>

namespace engine::EventStore {

Status record(WriteTransaction &tx, const Event &event, qint64 nowMs)
{
    const std::string store = toStdString(event.storeId), lvl = toStdString(event.level),
                      subj = toStdString(event.subject), desc = toStdString(event.description),
                      orig = toStdString(event.origin), refType = toStdString(event.referenceType),
                      refId = toStdString(event.referenceId);
    // An event about an object, or about none: two statements rather than one with a null-safe comparison,
    // since PostgreSQL cannot search an index with IS NOT DISTINCT FROM (each event would read them all). The
    // reference takes the last two parameters, which the statement about none does not have.
    Statement &again = tx.statement(
        refType.empty() ? "UPDATE events SET occurrences = occurrences + 1, last_seen_at = ?1, "
                          "message_id = coalesce(?2, message_id) WHERE id = (SELECT id FROM events WHERE level = ?3 "
                          "AND subject = ?4 AND description = ?5 AND origin = ?6 AND reference_type IS NULL "
                          "AND reference_id IS NULL ORDER BY id DESC LIMIT 1)"
                        : "UPDATE events SET occurrences = occurrences + 1, last_seen_at = ?1, "
                          "message_id = coalesce(?2, message_id) WHERE id = (SELECT id FROM events WHERE level = ?3 "
                          "AND subject = ?4 AND description = ?5 AND origin = ?6 AND reference_type = ?7 "
                          "AND reference_id = ?8 ORDER BY id DESC LIMIT 1)");
    again.bind(1, nowMs);
    again.bindOptional(2, event.messageId);
    again.bind(3, lvl);
    again.bind(4, subj);
    again.bind(5, desc);
    again.bind(6, orig);
    if (!refType.empty())
        again.bind(7, refType), again.bind(8, refId);
    if (Status ok = again.run(); !ok)
        return ok;
    if (again.changes() > 0)
        return {};

    Statement &insert = tx.statement(
        "INSERT INTO events (store_id, message_id, level, subject, description, origin, reference_type, reference_id, "
        "first_seen_at, last_seen_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)");
    insert.bindOptional(1, store);
    insert.bindOptional(2, event.messageId);
    insert.bind(3, lvl);
    insert.bind(4, subj);
    insert.bind(5, desc);
    insert.bind(6, orig);
    if (refType.empty())
        insert.bindNull(7), insert.bindNull(8);
    else
        insert.bind(7, refType), insert.bind(8, refId);
    insert.bind(9, nowMs);
    return insert.run();
}

Result<int> removeLastSeenBefore(WriteTransaction &tx, qint64 cutoffMs, int limit)
{
    Statement &remove = tx.statement("DELETE FROM events WHERE id IN (SELECT id FROM events WHERE last_seen_at < ?1 "
                                     "ORDER BY last_seen_at LIMIT ?2)");
    remove.bind(1, cutoffMs);
    remove.bind(2, qint64(limit));
    if (Status ok = remove.run(); !ok)
        return ok.error();
    return remove.changes();
}

Result<std::vector<StoredEvent>> list(QSqlDatabase database, const Query &query)
{
    static const QStringList levels{QStringLiteral("info"), QStringLiteral("warn"), QStringLiteral("error")};
    QStringList where;
    QVariantList values;
    if (!query.level.isEmpty()) {
        const qsizetype at = levels.indexOf(query.level);
        if (at < 0)
            return fieldError(QStringLiteral("level"),
                              QStringLiteral("'%1' is not a level: info, warn or error").arg(query.level));
        QStringList marks;
        for (qsizetype i = at; i < levels.size(); ++i) {
            marks << QStringLiteral("?");
            values << levels[i];
        }
        where << QStringLiteral("level IN (%1)").arg(marks.join(QLatin1Char(',')));
    }
    if (query.sinceMs > 0) {
        where << QStringLiteral("last_seen_at >= ?");
        values << query.sinceMs;
    }
    if (!query.referenceType.isEmpty()) {
        where << QStringLiteral("reference_type = ?");
        values << query.referenceType;
    }
    if (!query.referenceId.isEmpty()) {
        where << QStringLiteral("reference_id = ?");
        values << query.referenceId;
    }
    if (!query.storeId.isEmpty()) {
        where << QStringLiteral("(store_id = ? OR store_id IS NULL)");
        values << query.storeId;
    }
    QSqlQuery q(database);
    q.setForwardOnly(true);
    q.prepare(
        QStringLiteral("SELECT id, coalesce(store_id, ''), coalesce(message_id, ''), level, subject, description, "
                       "origin, coalesce(reference_type, ''), coalesce(reference_id, ''), occurrences, "
                       "first_seen_at, last_seen_at FROM events %1 ORDER BY last_seen_at DESC, id DESC "
                       "LIMIT ? OFFSET ?")
            .arg(where.isEmpty() ? QString() : QStringLiteral("WHERE ") + where.join(QStringLiteral(" AND "))));
    for (const QVariant &v : values)
        q.addBindValue(v);
    q.addBindValue(query.limit);
    q.addBindValue(query.offset);
    if (!q.exec())
        return sqlError(QStringLiteral("cannot read events"), q.lastError());
    std::vector<StoredEvent> out;
    while (q.next()) {
        StoredEvent e;
        e.id = q.value(0).toLongLong();
        e.event.storeId = q.value(1).toString();
        e.event.messageId = q.value(2).toString().toStdString();
        e.event.level = q.value(3).toString();
        e.event.subject = q.value(4).toString();
        e.event.description = q.value(5).toString();
        e.event.origin = q.value(6).toString();
        e.event.referenceType = q.value(7).toString();
        e.event.referenceId = q.value(8).toString();
        e.occurrences = q.value(9).toInt();
        e.firstSeenMs = q.value(10).toLongLong();
        e.lastSeenMs = q.value(11).toLongLong();
        out.push_back(std::move(e));
    }
    return out;
}

} // namespace engine::EventStore
