#include "IncomingMessage.h"

#include "core/ObjectId.h"
#include "message/JsonScan.h"
#include "message/MessageType.h"

namespace engine {

namespace {
QString describeKind(char kind)
{
    switch (kind) {
    case '{':
        return QStringLiteral("an object");
    case '[':
        return QStringLiteral("an array");
    case '"':
        return QStringLiteral("a string");
    case 't':
    case 'f':
        return QStringLiteral("a boolean");
    case 'n':
        return QStringLiteral("null");
    default:
        return QStringLiteral("a number");
    }
}
} // namespace

IncomingMessage IncomingMessage::from(Message message, QString storeId, std::string source, std::string parentId,
                                      int depth)
{
    IncomingMessage in;
    in.id = message.id();
    in.type = message.type();
    in.storeId = std::move(storeId);
    in.source = std::move(source);
    in.parentId = std::move(parentId);
    in.depth = depth;
    in.payloadText = message.payload().dump();
    if (message.hasExtra())
        in.extraText = message.extra().dump();
    in.document = message.document();
    return in;
}

Result<IncomingMessage> IncomingMessage::fromText(std::string_view json, QString storeId, std::string source)
{
    if (JsonScan::kind(json) != '{')
        return Error{QStringLiteral("a message must be a JSON object, got %1").arg(describeKind(JsonScan::kind(json)))};
    std::string_view typeValue, idValue, payloadValue;
    bool hasType = false, hasId = false, hasPayload = false;
    std::string extra;
    JsonScan::members(json, [&](std::string &&key, std::string_view value) {
        if (key == "message") {
            typeValue = value, hasType = true;
        } else if (key == "message_id") {
            idValue = value, hasId = true;
        } else if (key == "payload") {
            payloadValue = value, hasPayload = true;
        } else {
            extra += extra.empty() ? "{" : ",";
            extra += Json(key).dump();
            extra += ':';
            extra += value;
        }
    });

    IncomingMessage in;
    if (!hasType)
        return fieldError(QStringLiteral("message"), QStringLiteral("is required (the type, like order:new)"));
    if (!JsonScan::decodeString(typeValue, in.type)) {
        return fieldError(
            QStringLiteral("message"),
            QStringLiteral("must be a string like order:new, got %1").arg(describeKind(JsonScan::kind(typeValue))));
    }
    if (!hasPayload)
        return fieldError(QStringLiteral("payload"), QStringLiteral("is required (a JSON object)"));
    if (hasId && JsonScan::kind(idValue) != 'n') {
        if (!JsonScan::decodeString(idValue, in.id)) {
            return fieldError(QStringLiteral("message_id"),
                              QStringLiteral("must be a string of 24 lower-case hex digits, got %1")
                                  .arg(describeKind(JsonScan::kind(idValue))));
        }
    }
    if (Status ok = MessageType::validate(in.type); !ok)
        return ok.error().prefixed(QStringLiteral("message"));
    if (JsonScan::kind(payloadValue) != '{') {
        return fieldError(
            QStringLiteral("payload"),
            QStringLiteral("must be a JSON object, got %1").arg(describeKind(JsonScan::kind(payloadValue))));
    }
    if (in.id.empty()) {
        in.id = ObjectId::generate().toString();
    } else if (Result<ObjectId> parsed = ObjectId::parse(in.id); !parsed) {
        return parsed.error().prefixed(QStringLiteral("message_id"));
    }
    in.storeId = std::move(storeId);
    in.source = std::move(source);
    in.payloadText = std::string(payloadValue);
    if (!extra.empty())
        in.extraText = extra + '}';
    return in;
}

Json IncomingMessage::parseDocument() const
{
    if (document)
        return *document;
    Json doc = extraText.empty() ? Json::object() : Json::parse(extraText, nullptr, false);
    if (!doc.is_object())
        doc = Json::object();
    doc["message"] = type;
    doc["message_id"] = id;
    doc["payload"] = Json::parse(payloadText, nullptr, false);
    return doc;
}

} // namespace engine
