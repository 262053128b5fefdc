#pragma once
// Stands in front of QtHttpServer on one connection. Its readyRead slot is connected before QtHttpServer's,
// so it sees every byte first: it follows the framing of each request (request line, header fields,
// Content-Length body: RequestFraming) and enforces the limits, answering 400, 405 (anything but GET and POST), 408,
// 411, 413, 417 and 431 itself and closing. QtHttpServer 6.4 thus only ever parses well-formed requests of bounded
// size, one at a time. (It has no size or time limits of its own, buffers a whole body in memory, and abandons a
// connection it cannot parse without closing or freeing it; pipelined requests look like a parse error to it.)
//
// Lives on the push server's thread, as a child of its socket, and dies with it.

#include "RequestFraming.h"

#include <QByteArray>
#include <QMetaObject>
#include <QObject>
#include <QPointer>

class QTcpSocket;

namespace engine {

class ConnectionGuard : public QObject {
    Q_OBJECT
public:
    struct Limits {
        qint64 maxBodyBytes = 1024 * 1024;
        int maxHeadBytes = 16 * 1024;
        int requestTimeoutMs = 30'000; // from a request's first byte to its last
        int idleTimeoutMs = 120'000;   // a kept-alive connection with nothing to do
        int lingerMs = 2'000;          // after refusing a request, how long to read and drop what still comes
    };

    ConnectionGuard(QTcpSocket *socket, QObject *httpServer, const Limits &limits);

    // For the server, once QtHttpServer has handed it the request: whether to keep the connection open after
    // the reply, and that the reply has been written.
    bool keepAlive() const { return m_framing.keepAlive(); }
    void replied();

    // About once a second: refuses requests that take too long, closes connections idle for too long and
    // cleans up after QtHttpServer if it gave a connection up.
    void sweep(qint64 nowMs);

private:
    using Phase = RequestFraming::Phase;

    void onReadyRead();
    // Answers the refusal the framing holds and closes.
    void refused();

    QTcpSocket *m_socket;
    QPointer<QObject> m_httpServer;
    Limits m_limits;
    QMetaObject::Connection m_readyRead;
    RequestFraming m_framing;

    qint64 m_requestStartMs = 0;
    qint64 m_lastActivityMs = 0;
    qint64 m_refusedAtMs = 0;
};

} // namespace engine
