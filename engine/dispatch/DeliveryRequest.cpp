#include "DeliveryRequest.h"

#include "DeliveryBody.h"
#include "WebhookSignature.h"

namespace engine {

QByteArray joinUrl(const QByteArray &base, const QByteArray &path)
{
    if (path.isEmpty() || path == "/")
        return base.endsWith('/') ? base : base + (path.isEmpty() ? QByteArray() : path);
    return (base.endsWith('/') ? base.chopped(1) : base) + path;
}

HttpSender::Request deliveryRequest(const EndpointTarget &endpoint, const SubscriptionTarget &subscription,
                                    const DeliveryToSend &delivery, qint64 nowMs)
{
    HttpSender::Request request;
    request.url = delivery.updateUrl.isEmpty() ? joinUrl(endpoint.url, subscription.path) : delivery.updateUrl;
    request.body = DeliveryBody::build(delivery.type, delivery.id, delivery.payload, subscription.parameters);
    request.timeoutMs = endpoint.timeoutMs;
    request.headers.push_back("X-Hub-Store: " +
                              QByteArray(delivery.storeId.data(), qsizetype(delivery.storeId.size())));
    if (!endpoint.token.isEmpty()) {
        request.headers.push_back("X-Hub-Token: " + endpoint.token);
        request.headers.push_back("X-Augury-Token: " + endpoint.token); // what older endpoints read
    }
    if (!endpoint.signingKey.isEmpty()) {
        const qint64 timestamp = nowMs / 1000;
        const QByteArray id(delivery.id.data(), qsizetype(delivery.id.size()));
        request.headers.push_back("webhook-id: " + id);
        request.headers.push_back("webhook-timestamp: " + QByteArray::number(timestamp));
        request.headers.push_back("webhook-signature: " +
                                  WebhookSignature::sign(endpoint.signingKey, id, timestamp, request.body));
    }
    return request;
}

} // namespace engine
