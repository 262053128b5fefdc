#include "ListenAddress.h"

namespace engine {

Result<ListenAddress> ListenAddress::parse(const QString &text)
{
    const QString trimmed = text.trimmed();
    const qsizetype colon = trimmed.lastIndexOf(QLatin1Char(':'));
    if (colon <= 0)
        return fieldError(QStringLiteral("listen"),
                          QStringLiteral("%1 is not ADDR:PORT, like 127.0.0.1:8420 or [::1]:8420").arg(text));
    bool ok = false;
    const int port = trimmed.mid(colon + 1).toInt(&ok);
    if (!ok || port <= 0 || port > 65535)
        return fieldError(QStringLiteral("listen"),
                          QStringLiteral("the port in %1 must be a number from 1 to 65535").arg(text));
    QString host = trimmed.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    const QHostAddress address(host);
    if (address.isNull())
        return fieldError(
            QStringLiteral("listen"),
            QStringLiteral("%1 is not an IP address (use 127.0.0.1 for this machine only, 0.0.0.0 for all)").arg(host));
    return ListenAddress{address, quint16(port)};
}

QString ListenAddress::baseUrl(bool tls) const
{
    QHostAddress host = address;
    if (host == QHostAddress::AnyIPv4 || host == QHostAddress::Any)
        host = QHostAddress::LocalHost;
    else if (host == QHostAddress::AnyIPv6)
        host = QHostAddress::LocalHostIPv6;
    const QString text = host.protocol() == QAbstractSocket::IPv6Protocol ? QStringLiteral("[%1]").arg(host.toString())
                                                                          : host.toString();
    return QStringLiteral("%1://%2:%3").arg(tls ? QLatin1String("https") : QLatin1String("http"), text).arg(port);
}

} // namespace engine
