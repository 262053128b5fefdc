#pragma once
// Reading stored messages back: one by id, as the API and the window show it. Works on a read connection,
// on that connection's thread.

#include "core/Json.h"
#include "core/Result.h"
#include "message/MessageState.h"

#include <QSqlDatabase>

#include <optional>
#include <string>

namespace engine {

struct StoredMessage {
    std::string id;
    std::string storeId;
    std::string type;
    MessageState state = MessageState::Accepted;
    std::string reason;
    std::string source;
    std::string parentId;
    int depth = 0;
    qint64 receivedAt = 0;
    std::string payloadText;
    std::string extraText;

    // The message as it was taken: {"message", "message_id", "payload", ...extra}.
    Json document() const;
};

class MessageQueries {
public:
    explicit MessageQueries(QSqlDatabase database);
    Result<std::optional<StoredMessage>> find(const std::string &id) const;

private:
    QSqlDatabase m_db;
};

} // namespace engine
