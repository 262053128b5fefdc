#pragma once
// The HTTP request that sends one delivery (DESIGN §6): where (the update URL an earlier reply gave, or the
// endpoint's URL joined with the subscription's path), the body (DeliveryBody), and the headers: the store,
// the endpoint's token under both names endpoints read, and a Standard Webhooks signature when the endpoint
// has a signing key. A pure function of what it is given, tested without sockets.

#include "Targets.h"
#include "dispatch/HttpSender.h"

#include <string_view>

namespace engine {

// What the request needs of the delivery itself.
struct DeliveryToSend {
    std::string_view id, type, storeId, payload;
    QByteArray updateUrl; // empty: none
};

// The endpoint's base URL and a subscription's path, with one slash between them.
QByteArray joinUrl(const QByteArray &base, const QByteArray &path);

// `nowMs` stamps the signature. The tag is the caller's to set.
HttpSender::Request deliveryRequest(const EndpointTarget &endpoint, const SubscriptionTarget &subscription,
                                    const DeliveryToSend &delivery, qint64 nowMs);

} // namespace engine
