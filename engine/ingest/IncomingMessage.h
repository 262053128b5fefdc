#pragma once
// A message on its way into the hub, with where it came from. Made on the sender's thread, which also
// serialises the payload, so that the writer thread only writes.

#include "message/Message.h"

#include <QString>

#include <string>

namespace engine {

struct IncomingMessage {
    Message message;
    QString storeId;              // the store it belongs to; empty for none
    std::string source;           // push, poller:<store>, consumer:<name> or endpoint:<name>
    std::string parentId;         // the message or delivery it came from; empty for none
    int depth = 0;                // 0 for messages from outside; a child's is its parent's + 1
    std::string payloadText;      // the payload as stored
    std::string extraText;        // keys beside message, message_id and payload, as a JSON object; empty for none

    static IncomingMessage from(Message message, QString storeId, std::string source, std::string parentId = {},
                                int depth = 0)
    {
        std::string payload = message.payload().dump();
        std::string extra = message.hasExtra() ? message.extra().dump() : std::string();
        return IncomingMessage{std::move(message), std::move(storeId), std::move(source), std::move(parentId),
                               depth,              std::move(payload), std::move(extra)};
    }
};

} // namespace engine
