#pragma once
// An incoming message as it was stored (storage/MessageStore), as the API and the window show it.

#include "core/Json.h"
#include "message/MessageState.h"

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

} // namespace engine
