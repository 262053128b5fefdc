#pragma once
// Standard Webhooks signing (https://www.standardwebhooks.com): the receiver checks
//   webhook-signature: v1,<base64 HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<body>")>
// where the key is the base64 after "whsec_" in the endpoint's signing secret.

#include <QByteArray>
#include <QString>

namespace engine::WebhookSignature {

// The key bytes of a "whsec_..." secret; empty when the secret is not in that form.
QByteArray key(const QString &secret);
// "v1,<base64 signature>" for the given id, timestamp (seconds since the epoch) and body.
QByteArray sign(const QByteArray &key, const QByteArray &id, qint64 timestamp, const QByteArray &body);

} // namespace engine::WebhookSignature
