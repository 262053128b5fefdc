#include "EventStore.h"

#include "Statement.h"
#include "WriteTransaction.h"

namespace engine::EventStore {

Status record(WriteTransaction &tx, const Event &event, qint64 nowMs)
{
    const std::string store = toStdString(event.storeId), lvl = toStdString(event.level),
                      subj = toStdString(event.subject), desc = toStdString(event.description),
                      orig = toStdString(event.origin), refType = toStdString(event.referenceType),
                      refId = toStdString(event.referenceId);
    Statement &again = tx.statement(
        "UPDATE events SET occurrences = occurrences + 1, last_seen_at = ?1, message_id = coalesce(?2, message_id) "
        "WHERE id = (SELECT id FROM events WHERE reference_type IS ?3 AND reference_id IS ?4 AND level = ?5 "
        "AND subject = ?6 AND description = ?7 AND origin = ?8 ORDER BY id DESC LIMIT 1)");
    again.bind(1, nowMs);
    again.bindOptional(2, event.messageId);
    if (refType.empty())
        again.bindNull(3), again.bindNull(4);
    else
        again.bind(3, refType), again.bind(4, refId);
    again.bind(5, lvl);
    again.bind(6, subj);
    again.bind(7, desc);
    again.bind(8, orig);
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

} // namespace engine::EventStore
