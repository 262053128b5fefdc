#include "MessageQueries.h"

#include "database/Connection.h"

#include <QSqlError>
#include <QSqlQuery>

namespace engine {

Json StoredMessage::document() const
{
    Json doc = Json::object();
    doc["message"] = type;
    doc["message_id"] = id;
    doc["payload"] = Json::parse(payloadText, nullptr, false);
    if (!extraText.empty()) {
        const Json extra = Json::parse(extraText, nullptr, false);
        if (extra.is_object()) {
            for (auto it = extra.begin(); it != extra.end(); ++it)
                doc[it.key()] = it.value();
        }
    }
    return doc;
}

MessageQueries::MessageQueries(QSqlDatabase database) : m_db(std::move(database)) {}

Result<std::optional<StoredMessage>> MessageQueries::find(const std::string &id) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(
        QStringLiteral("SELECT id, store_id, type, state, reason, source, parent_id, depth, received_at, payload, "
                       "extra FROM messages WHERE id = ?"));
    q.addBindValue(QString::fromStdString(id));
    if (!q.exec())
        return sqlError(QStringLiteral("cannot read the message"), q.lastError());
    if (!q.next())
        return std::optional<StoredMessage>();
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
    return std::optional<StoredMessage>(std::move(m));
}

} // namespace engine
