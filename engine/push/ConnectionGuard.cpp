#include "ConnectionGuard.h"

#include "HttpReply.h"

#include <QDateTime>
#include <QTcpSocket>

#include <sys/socket.h>

namespace engine {

namespace {

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

ConnectionGuard::ConnectionGuard(QTcpSocket *socket, QObject *httpServer, const Limits &limits)
    : QObject(socket), m_socket(socket), m_httpServer(httpServer), m_limits(limits),
      m_framing(limits.maxBodyBytes, limits.maxHeadBytes)
{
    m_lastActivityMs = nowMs();
    // Connected before QtHttpServer connects its own slot, so this one runs first on every readyRead.
    m_readyRead = connect(socket, &QTcpSocket::readyRead, this, &ConnectionGuard::onReadyRead);
}

void ConnectionGuard::onReadyRead()
{
    m_lastActivityMs = nowMs();
    if (m_framing.phase() == Phase::Refused) {
        m_socket->readAll(); // drop it; the connection is closing
        return;
    }
    // Only the request line and header fields need looking at; the body is only counted.
    const qint64 available = m_socket->bytesAvailable();
    if (m_framing.phase() == Phase::Body && available <= m_framing.bodyLeft()) {
        m_framing.skipBody(available);
        return;
    }
    const bool idle = m_framing.phase() == Phase::Idle;
    const QByteArray chunk = m_socket->peek(available);
    const bool taken = m_framing.follow(chunk.constData(), chunk.size());
    if (idle && m_framing.phase() != Phase::Idle)
        m_requestStartMs = m_lastActivityMs;
    // Before any refusal of what follows the body: the client is told to send it first.
    if (m_framing.takeContinue())
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    if (!taken)
        refused();
}

void ConnectionGuard::replied()
{
    if (m_framing.phase() != Phase::AwaitingReply)
        return;
    m_framing.replied();
    m_lastActivityMs = nowMs();
    if (!m_framing.keepAlive())
        m_socket->disconnectFromHost();
}

void ConnectionGuard::refused()
{
    const RequestFraming::Refusal &refusal = m_framing.refusal();
    // QtHttpServer must not see these bytes (or any more): it would fail to parse them and abandon the socket.
    if (m_httpServer)
        disconnect(m_socket, &QTcpSocket::readyRead, m_httpServer, nullptr);
    m_refusedAtMs = nowMs();
    // Bytes read inside QtHttpServer's unfinished transaction stay buffered until it ends: end it.
    if (m_socket->isTransactionStarted())
        m_socket->commitTransaction();
    m_socket->readAll();
    m_socket->write(HttpReply::error(refusal.status, refusal.message, false));
    m_socket->flush();
    // Half-close and keep reading for a while, so the client reads the answer before it sees the end:
    // closing with its unread bytes still arriving would reset the connection and lose the answer.
    if (m_socket->bytesToWrite() == 0)
        ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
    else
        connect(m_socket, &QTcpSocket::bytesWritten, this, [this] {
            if (m_socket->bytesToWrite() == 0)
                ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
        });
}

void ConnectionGuard::sweep(qint64 now)
{
    if (!m_readyRead) {
        // QtHttpServer gave the connection up (it disconnects every signal of a socket it cannot parse):
        // close it and free it, which nothing else would.
        m_socket->abort();
        m_socket->deleteLater();
        return;
    }
    switch (m_framing.phase()) {
    case Phase::Head:
    case Phase::Body:
        if (now - m_requestStartMs > m_limits.requestTimeoutMs) {
            m_framing.refuse(
                408,
                QStringLiteral("the request took longer than %1 s to arrive").arg(m_limits.requestTimeoutMs / 1000));
            refused();
        }
        break;
    case Phase::Idle:
        if (now - m_lastActivityMs > m_limits.idleTimeoutMs)
            m_socket->disconnectFromHost();
        break;
    case Phase::Refused:
        if (now - m_refusedAtMs > m_limits.lingerMs)
            m_socket->abort();
        break;
    case Phase::AwaitingReply:
        break; // the engine answers every request it took, at worst with 503
    }
}

} // namespace engine
