#include "WebhookSignature.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>

namespace engine::WebhookSignature {

QByteArray key(const QString &secret)
{
    const QString prefix = QStringLiteral("whsec_");
    if (!secret.startsWith(prefix))
        return {};
    return QByteArray::fromBase64(secret.mid(prefix.size()).toLatin1());
}

QByteArray sign(const QByteArray &key, const QByteArray &id, qint64 timestamp, const QByteArray &body)
{
    QMessageAuthenticationCode mac(QCryptographicHash::Sha256, key);
    mac.addData(id);
    mac.addData(".");
    mac.addData(QByteArray::number(timestamp));
    mac.addData(".");
    mac.addData(body);
    return "v1," + mac.result().toBase64();
}

} // namespace engine::WebhookSignature
