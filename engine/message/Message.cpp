#include "Message.h"

#include "MessageType.h"
#include "core/ObjectId.h"

namespace engine {

Result<Message> Message::parse(Json document)
{
    if (!document.is_object())
        return Error{QStringLiteral("a message must be a JSON object, got %1").arg(describeJsonType(document))};

    const auto type = document.find("message");
    if (type == document.end())
        return fieldError(QStringLiteral("message"), QStringLiteral("is required (the type, like order:new)"));
    if (!type->is_string())
        return fieldError(QStringLiteral("message"),
                          QStringLiteral("must be a string like order:new, got %1").arg(describeJsonType(*type)));

    const auto payload = document.find("payload");
    if (payload == document.end())
        return fieldError(QStringLiteral("payload"), QStringLiteral("is required (a JSON object)"));

    std::string id;
    const auto givenId = document.find("message_id");
    if (givenId != document.end() && !givenId->is_null()) {
        if (!givenId->is_string()) {
            return fieldError(
                QStringLiteral("message_id"),
                QStringLiteral("must be a string of 24 lower-case hex digits, got %1").arg(describeJsonType(*givenId)));
        }
        id = givenId->get<std::string>();
    }

    Result<Message> message = create(type->get<std::string>(), std::move(*payload), std::move(id));
    if (!message)
        return message;
    for (auto it = document.begin(); it != document.end(); ++it) {
        if (it.key() != "message" && it.key() != "message_id" && it.key() != "payload")
            message->m_document[it.key()] = std::move(it.value());
    }
    return message;
}

Result<Message> Message::create(std::string type, Json payload, std::string id)
{
    if (Status typeOk = MessageType::validate(type); !typeOk)
        return typeOk.error().prefixed(QStringLiteral("message"));
    if (!payload.is_object()) {
        return fieldError(QStringLiteral("payload"),
                          QStringLiteral("must be a JSON object, got %1").arg(describeJsonType(payload)));
    }
    if (id.empty()) {
        id = ObjectId::generate().toString();
    } else if (Result<ObjectId> parsed = ObjectId::parse(id); !parsed) {
        return parsed.error().prefixed(QStringLiteral("message_id"));
    }
    Message m;
    m.m_document = Json{{"message", type}, {"message_id", id}, {"payload", std::move(payload)}};
    m.m_id = std::move(id);
    m.m_type = std::move(type);
    return m;
}

Json Message::extra() const
{
    Json extra = Json::object();
    for (auto it = m_document.begin(); it != m_document.end(); ++it) {
        if (it.key() != "message" && it.key() != "message_id" && it.key() != "payload")
            extra[it.key()] = it.value();
    }
    return extra;
}

} // namespace engine
