#pragma once
// TLS for the push API (DESIGN §5): with a certificate and its key, in PEM files, the push API speaks HTTPS
// only. Push tokens travel in every request's headers, so a push API reachable beyond this machine without
// TLS gives them away to anyone on the path: the engine warns of it (in the log, its events and the window).

#include "core/Result.h"

#include <QHostAddress>
#include <QSslConfiguration>
#include <QString>

namespace engine {

namespace PushTls {

struct Files {
    QString certificate; // PEM: the server's certificate, then any intermediates
    QString key;         // PEM: its private key (RSA or EC), not encrypted
    bool given() const { return !certificate.isEmpty() || !key.isEmpty(); }
};

// The server's TLS configuration from the files, or an error naming the file and what is wrong with it.
Result<QSslConfiguration> load(const Files &files);

// What to warn of when the push API listens on `address` without TLS: empty when there is nothing to warn of
// (a loopback address, or TLS).
QString exposureWarning(const QHostAddress &address, quint16 port, bool tls);

} // namespace PushTls

} // namespace engine
