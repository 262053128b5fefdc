#pragma once
// A message on its way into the hub, with where it came from, as text: its payload and other keys are
// serialised on the sender's thread (or kept as the sender's own bytes), so that the writer only writes.
// The parsed document comes along when the sender had one; otherwise it is parsed only if a filter or an
// identifier needs it.

#include "core/Json.h"
#include "core/Result.h"
#include "message/Message.h"

#include <QString>

#include <optional>
#include <string>
#include <string_view>

namespace engine {

struct IncomingMessage {
    std::string id;
    std::string type;
    QString storeId;              // the store it belongs to; empty for none
    std::string source;           // push, poller:<store>, consumer:<name> or endpoint:<name>
    std::string parentId;         // the message or delivery it came from; empty for none
    int depth = 0;                // 0 for messages from outside; a child's is its parent's + 1
    std::string payloadText;      // the payload as stored
    std::string extraText;        // keys beside message, message_id and payload, as a JSON object; empty for none
    std::optional<Json> document; // the whole message, when already parsed

    static IncomingMessage from(Message message, QString storeId, std::string source, std::string parentId = {},
                                int depth = 0);
    // From one message's JSON text, which must already be valid JSON (see JsonScan::validate). Checks
    // everything Message::parse checks, with the same errors, without building a tree.
    static Result<IncomingMessage> fromText(std::string_view json, QString storeId, std::string source);

    // The whole message as a tree: the one it came with, or one parsed from the text.
    Json parseDocument() const;
};

} // namespace engine
