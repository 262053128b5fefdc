#pragma once
// The listening socket of the push API. Each connection it accepts gets a ConnectionGuard before
// QtHttpServer sees it; past the connection limit a connection is answered 503 and closed. A sweep once a
// second lets the guards enforce their time limits. With a TLS configuration every connection is a
// QSslSocket that starts the server's side of the handshake at once; the guard sees only what it decrypts, and
// its time limits also end handshakes that never finish. Lives on the push server's thread.

#include "ConnectionGuard.h"

#include <QList>
#include <QPointer>
#include <QSslConfiguration>
#include <QTcpServer>
#include <QTimer>

#include <optional>

namespace engine {

class GuardedTcpServer : public QTcpServer {
    Q_OBJECT
public:
    GuardedTcpServer(QObject *httpServer, const ConnectionGuard::Limits &limits, int maxConnections,
                     std::optional<QSslConfiguration> tls, QObject *parent = nullptr);

    int openConnections();
    // Every connection accepted since start, those refused for the limit too.
    qint64 acceptedConnections() const { return m_accepted; }

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    void sweep();

    QObject *m_httpServer;
    ConnectionGuard::Limits m_limits;
    int m_maxConnections;
    std::optional<QSslConfiguration> m_tls;
    QList<QPointer<ConnectionGuard>> m_guards;
    QTimer m_sweep;
    qint64 m_accepted = 0;
};

} // namespace engine
