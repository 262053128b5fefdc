#include "DeliveryBody.h"

#include "core/Json.h"
#include "message/JsonScan.h"

namespace engine::DeliveryBody {

QByteArray build(std::string_view type, std::string_view deliveryId, std::string_view payloadText,
                 std::string_view parametersJson)
{
    bool hasParameters = false;
    bool empty = true;
    JsonScan::members(payloadText, [&](std::string &&key, std::string_view) {
        empty = false;
        hasParameters = hasParameters || key == "parameters";
    });

    QByteArray body;
    body.reserve(qsizetype(payloadText.size() + parametersJson.size() + type.size() + 80));
    body += "{\"message\":";
    body += QByteArray::fromStdString(Json(std::string(type)).dump());
    body += ",\"message_id\":\"";
    body.append(deliveryId.data(), qsizetype(deliveryId.size()));
    body += "\",\"payload\":";
    if (hasParameters) {
        // The payload has its own "parameters": the subscription's replace it (a key may appear only once).
        Json payload = Json::parse(payloadText, nullptr, false);
        payload["parameters"] = Json::parse(parametersJson, nullptr, false);
        body += QByteArray::fromStdString(payload.dump());
    } else {
        const size_t close = payloadText.rfind('}');
        body.append(payloadText.data(), qsizetype(close));
        if (!empty)
            body += ',';
        body += "\"parameters\":";
        body.append(parametersJson.data(), qsizetype(parametersJson.size()));
        body += '}';
    }
    body += '}';
    return body;
}

} // namespace engine::DeliveryBody
