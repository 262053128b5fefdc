#pragma once
// What the hub POSTs for a delivery (DESIGN §6):
//   {"message": type, "message_id": delivery id, "payload": {...the message's payload, "parameters": [...]}}
// built from the stored payload text without parsing it, unless it already has a "parameters" key.

#include <QByteArray>

#include <string>
#include <string_view>

namespace engine::DeliveryBody {

// `parametersJson` is the subscription's parameters as a JSON array ("[]" for none).
QByteArray build(std::string_view type, std::string_view deliveryId, std::string_view payloadText,
                 std::string_view parametersJson);

} // namespace engine::DeliveryBody
