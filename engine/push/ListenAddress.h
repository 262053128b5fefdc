#pragma once
// Where the push API listens, written as ADDR:PORT (127.0.0.1:8420, 0.0.0.0:8420, [::1]:8420), as the
// command line and the Settings dialog take it.

#include "core/Result.h"

#include <QHostAddress>
#include <QString>

namespace engine {

struct ListenAddress {
    QHostAddress address;
    quint16 port = 0;

    static inline const QString Default = QStringLiteral("127.0.0.1:8420");

    // An error that says what is wrong with `text` (field "listen").
    static Result<ListenAddress> parse(const QString &text);
    // http://ADDR:PORT (https:// with TLS), with a loopback address for one that listens on every interface.
    QString baseUrl(bool tls = false) const;
};

} // namespace engine
