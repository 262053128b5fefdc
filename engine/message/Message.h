#pragma once
// One message as the hub knows it: a type in colon notation, a 24-hex id and a JSON object payload.
// Keys beside these three are kept as they came. A Message can only be made valid: parse() and create()
// check every rule and say what is wrong.

#include "core/Json.h"
#include "core/Result.h"

#include <string>

namespace engine {

class Message {
public:
    // From a document {"message": type, "payload": {...}, "message_id"?: id, ...}. A missing id is generated.
    static Result<Message> parse(Json document);
    static Result<Message> create(std::string type, Json payload, std::string id = {});

    const std::string &id() const { return m_id; }
    const std::string &type() const { return m_type; }
    const Json &payload() const { return m_document["payload"]; }
    // Top-level keys other than message, message_id and payload (an object, possibly empty).
    Json extra() const;
    bool hasExtra() const { return m_document.size() > 3; }

    // The whole document, {"message", "message_id", "payload", ...extra}: what filter paths start from.
    const Json &document() const { return m_document; }

private:
    Message() = default;

    std::string m_id;
    std::string m_type;
    Json m_document;
};

} // namespace engine
