#include "PushBody.h"

#include "message/JsonScan.h"

namespace engine {

namespace {

Json fieldErrors(const Error &e)
{
    return Json{{e.field.isEmpty() ? std::string("message") : e.field.toStdString(), e.message.toStdString()}};
}

} // namespace

std::variant<PushBody, PushRefusal> parsePushBody(const QByteArray &body, const QString &store, int maxBatch)
{
    const std::string_view text(body.constData(), size_t(body.size()));
    if (body.trimmed().isEmpty())
        return PushRefusal{400, QStringLiteral("the body is empty; send a message as JSON"), Json()};
    JsonScan::Problem problem;
    if (!JsonScan::validate(text, problem)) {
        return PushRefusal{400,
                           QStringLiteral("the body is not valid JSON: %1 at byte %2")
                               .arg(QLatin1String(problem.what))
                               .arg(problem.offset),
                           Json()};
    }

    // A batch is an object whose only key is "messages".
    std::string_view list;
    bool hasList = false;
    size_t keys = 0;
    if (JsonScan::kind(text) == '{') {
        JsonScan::members(text, [&](std::string &&key, std::string_view value) {
            ++keys;
            if (key == "messages") {
                list = value;
                hasList = true;
            }
        });
    }

    PushBody parsed;
    const std::string source = "push";
    if (!hasList) {
        Result<IncomingMessage> message = IncomingMessage::fromText(text, store, source);
        if (!message)
            return PushRefusal{422, QStringLiteral("the message is not valid; nothing was stored"),
                               fieldErrors(message.error())};
        parsed.messages.push_back(std::move(message).value());
        return parsed;
    }

    parsed.batch = true;
    std::vector<std::string_view> items;
    JsonScan::elements(list, [&items](std::string_view value) { items.push_back(value); });
    if (JsonScan::kind(list) != '[' || items.empty()) {
        return PushRefusal{422, QStringLiteral("\"messages\" must be a non-empty list of messages"),
                           Json{{"messages", "must be a non-empty list"}}};
    }
    if (keys > 1) {
        return PushRefusal{422, QStringLiteral("a batch is {\"messages\": [...]} with no other keys"),
                           Json{{"messages", "a batch has no other keys"}}};
    }
    if (items.size() > size_t(maxBatch)) {
        return PushRefusal{
            422, QStringLiteral("a batch holds at most %1 messages; this one has %2").arg(maxBatch).arg(items.size()),
            Json{{"messages", "too many"}}};
    }
    Json errors = Json::object();
    parsed.messages.reserve(items.size());
    for (size_t i = 0; i < items.size(); ++i) {
        Result<IncomingMessage> message = IncomingMessage::fromText(items[i], store, source);
        if (message)
            parsed.messages.push_back(std::move(message).value());
        else
            errors[std::to_string(i)] = fieldErrors(message.error());
    }
    if (!errors.empty()) {
        return PushRefusal{422,
                           QStringLiteral("%1 of the %2 messages are not valid; nothing was stored")
                               .arg(errors.size())
                               .arg(items.size()),
                           errors};
    }
    return parsed;
}

} // namespace engine
