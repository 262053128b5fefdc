#include "GuardedTcpServer.h"

#include "HttpReply.h"

#include <QDateTime>
#include <QSslSocket>
#include <QTcpSocket>

namespace engine {

GuardedTcpServer::GuardedTcpServer(QObject *httpServer, const ConnectionGuard::Limits &limits, int maxConnections,
                                   std::optional<QSslConfiguration> tls, QObject *parent)
    : QTcpServer(parent), m_httpServer(httpServer), m_limits(limits), m_maxConnections(maxConnections),
      m_tls(std::move(tls))
{
    m_sweep.setInterval(1000);
    connect(&m_sweep, &QTimer::timeout, this, &GuardedTcpServer::sweep);
    m_sweep.start();
}

int GuardedTcpServer::openConnections()
{
    m_guards.removeAll(nullptr);
    return int(m_guards.size());
}

void GuardedTcpServer::incomingConnection(qintptr descriptor)
{
    ++m_accepted;
    QSslSocket *tls = m_tls ? new QSslSocket(this) : nullptr;
    QTcpSocket *socket = tls ? tls : new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    if (tls) {
        tls->setSslConfiguration(*m_tls);
        // A client that fails the handshake (plain HTTP, say) gets no answer it could read: the connection
        // is closed, and the socket goes with it.
        connect(tls, &QSslSocket::sslErrors, tls, [tls] { tls->abort(); });
        connect(tls, &QAbstractSocket::errorOccurred, tls, [tls] {
            if (!tls->isEncrypted())
                tls->abort();
        });
        tls->startServerEncryption();
    }
    if (openConnections() >= m_maxConnections) {
        socket->write(HttpReply::error(503, QStringLiteral("too many connections; try again shortly"), false, Json(),
                                       {{"Retry-After", "1"}}));
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        socket->disconnectFromHost();
        return;
    }
    m_guards.append(new ConnectionGuard(socket, m_httpServer, m_limits));
    addPendingConnection(socket);
}

void GuardedTcpServer::sweep()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_guards.removeAll(nullptr);
    const QList<QPointer<ConnectionGuard>> guards = m_guards;
    for (const QPointer<ConnectionGuard> &guard : guards) {
        if (guard)
            guard->sweep(now);
    }
}

} // namespace engine
