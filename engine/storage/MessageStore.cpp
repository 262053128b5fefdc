#include "MessageStore.h"

#include "CopyRange.h"
#include "SqlError.h"
#include "StateSql.h"
#include "Statement.h"
#include "WriteTransaction.h"

#include <QSqlError>
#include <QSqlQuery>

namespace engine {

namespace {

const std::string skipSql = "UPDATE messages SET state = '" + std::string(messageStateName(MessageState::Skipped)) +
                            "', reason = ?2 WHERE id = ?1";

} // namespace

MessageStore::MessageStore(WriteTransaction &tx)
    : m_tx(tx), m_insert(tx.statement(
                    "INSERT INTO messages (id, store_id, type, state, reason, source, parent_id, depth, "
                    "received_at, payload, extra, first_copy_id, last_copy_id) "
                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) ON CONFLICT (id) DO NOTHING"))
{
}

Result<bool> MessageStore::insert(const MessageRow &m)
{
    m_insert.bind(1, m.id);
    m_insert.bindOptional(2, m.storeId);
    m_insert.bind(3, m.type);
    m_insert.bind(4, std::string_view(messageStateName(m.state)));
    m_insert.bindOptional(5, m.reason);
    m_insert.bind(6, m.source);
    m_insert.bindOptional(7, m.parentId);
    m_insert.bind(8, qint64(m.depth));
    m_insert.bind(9, m.receivedAt);
    m_insert.bind(10, m.payload);
    m_insert.bindOptional(11, m.extra);
    m_insert.bindOptional(12, m.firstCopyId);
    m_insert.bindOptional(13, m.lastCopyId);
    if (Status ok = m_insert.run(); !ok)
        return ok.error();
    return m_insert.changes() > 0;
}

Status MessageStore::markSkipped(std::string_view id, std::string_view reason)
{
    Statement &skip = m_tx.statement(skipSql);
    skip.bind(1, id);
    skip.bind(2, reason);
    return skip.run();
}

Result<std::optional<std::string>> MessageStore::payload(std::string_view id)
{
    Statement &read = m_tx.statement("SELECT payload FROM messages WHERE id = ?1");
    read.bind(1, id);
    Result<bool> row = read.next();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<std::string>();
    std::optional<std::string> text(std::string(read.columnText(0)));
    read.reset();
    return text;
}

Result<std::vector<MessageStore::Finished>> MessageStore::oldestFinished(qint64 receivedBefore, int limit)
{
    Statement &oldest = m_tx.statement(
        std::string(
            "SELECT m.id, coalesce(m.store_id, ''), m.state FROM messages m WHERE m.received_at < ?1 AND NOT EXISTS "
            "(SELECT 1 FROM deliveries d WHERE ") +
        CopyRange::join + " AND " + liveDeliveries("d.state") + ") ORDER BY m.seq LIMIT ?2");
    oldest.bind(1, receivedBefore);
    oldest.bind(2, qint64(limit));
    std::vector<Finished> found;
    while (true) {
        Result<bool> row = oldest.next();
        if (!row)
            return row.error();
        if (!*row)
            break;
        found.push_back({std::string(oldest.columnText(0)), std::string(oldest.columnText(1)),
                         messageStateFromName(oldest.columnText(2)).value_or(MessageState::Accepted)});
    }
    return found;
}

Status MessageStore::addObjects(std::string_view id, const std::vector<ObjectRef> &objects)
{
    for (const ObjectRef &o : objects) {
        if (!m_addObject)
            m_addObject = &m_tx.statement("INSERT INTO message_objects (message_id, object_type, object_id) "
                                          "VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING");
        m_addObject->bind(1, id);
        m_addObject->bind(2, o.type);
        m_addObject->bind(3, o.id);
        if (Status ok = m_addObject->run(); !ok)
            return ok;
    }
    return {};
}

Status MessageStore::remove(std::string_view id)
{
    for (const char *sql : {"DELETE FROM duplicate_deliveries WHERE message_id = ?1",
                            "DELETE FROM message_objects WHERE message_id = ?1"}) {
        Statement &related = m_tx.statement(sql);
        related.bind(1, id);
        if (Status ok = related.run(); !ok)
            return ok;
    }
    Statement &message = m_tx.statement("DELETE FROM messages WHERE id = ?1");
    message.bind(1, id);
    return message.run();
}

namespace {

const char *storedColumns =
    "SELECT id, store_id, type, state, reason, source, parent_id, depth, received_at, payload, extra FROM messages ";

StoredMessage storedFrom(const QSqlQuery &q)
{
    StoredMessage m;
    m.id = q.value(0).toString().toStdString();
    m.storeId = q.value(1).toString().toStdString();
    m.type = q.value(2).toString().toStdString();
    m.state = messageStateFromName(q.value(3).toString().toStdString()).value_or(MessageState::Accepted);
    m.reason = q.value(4).toString().toStdString();
    m.source = q.value(5).toString().toStdString();
    m.parentId = q.value(6).toString().toStdString();
    m.depth = q.value(7).toInt();
    m.receivedAt = q.value(8).toLongLong();
    m.payloadText = q.value(9).toString().toStdString();
    m.extraText = q.value(10).toString().toStdString();
    return m;
}

} // namespace

Result<std::optional<StoredMessage>> MessageStore::find(QSqlDatabase database, const std::string &id)
{
    QSqlQuery q(database);
    q.setForwardOnly(true);
    q.prepare(QLatin1String(storedColumns) + QStringLiteral("WHERE id = ?"));
    q.addBindValue(QString::fromStdString(id));
    if (!q.exec())
        return sqlError(QStringLiteral("cannot read the message"), q.lastError());
    if (!q.next())
        return std::optional<StoredMessage>();
    return std::optional<StoredMessage>(storedFrom(q));
}

Result<std::vector<StoredMessage>> MessageStore::latest(QSqlDatabase database, int limit)
{
    QSqlQuery q(database);
    q.setForwardOnly(true);
    q.prepare(QLatin1String(storedColumns) + QStringLiteral("ORDER BY seq DESC LIMIT ?"));
    q.addBindValue(limit);
    if (!q.exec())
        return sqlError(QStringLiteral("cannot read the latest messages"), q.lastError());
    std::vector<StoredMessage> out;
    while (q.next())
        out.push_back(storedFrom(q));
    return out;
}

Result<std::vector<StateCount>> MessageStore::countByState(QSqlDatabase database)
{
    return countStates(database, QStringLiteral("messages"));
}

} // namespace engine
