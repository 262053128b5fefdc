#include "StoredMessage.h"

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

} // namespace engine
