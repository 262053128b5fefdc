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

// RFC 9110 token characters: what a method and a header field name may be made of.
bool isTokenChar(unsigned char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
        return true;
    default:
        return false;
    }
}

// What a request target may hold: RFC 3986 characters only, a subset of what Qt's parser takes.
bool isTargetChar(unsigned char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '-':
    case '.':
    case '_':
    case '~':
    case ':':
    case '/':
    case '?':
    case '#':
    case '[':
    case ']':
    case '@':
    case '!':
    case '$':
    case '&':
    case '\'':
    case '(':
    case ')':
    case '*':
    case '+':
    case ',':
    case ';':
    case '=':
    case '%':
        return true;
    default:
        return false;
    }
}

// A header field value: visible characters, spaces, tabs and bytes above 127; never other controls.
bool isValueChar(unsigned char c)
{
    return c == '\t' || (c >= 0x20 && c != 0x7f);
}

// Characters a request line may hold: what its three parts allow, and the spaces between them.
bool isRequestLineChar(unsigned char c)
{
    return c == ' ' || isTargetChar(c) || isTokenChar(c);
}

bool hasToken(const QByteArray &list, const char *token)
{
    for (const QByteArray &item : list.split(',')) {
        if (item.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace

ConnectionGuard::ConnectionGuard(QTcpSocket *socket, QObject *httpServer, const Limits &limits)
    : QObject(socket), m_socket(socket), m_httpServer(httpServer), m_limits(limits)
{
    m_lastActivityMs = nowMs();
    // Connected before QtHttpServer connects its own slot, so this one runs first on every readyRead.
    m_readyRead = connect(socket, &QTcpSocket::readyRead, this, &ConnectionGuard::onReadyRead);
}

void ConnectionGuard::onReadyRead()
{
    m_lastActivityMs = nowMs();
    if (m_phase == Phase::Refused) {
        m_socket->readAll(); // drop it; the connection is closing
        return;
    }
    // Only the request line and header fields need looking at; the body is only counted.
    const qint64 available = m_socket->bytesAvailable();
    if (m_phase == Phase::Body && available <= m_bodyLeft) {
        m_bodyLeft -= available;
        if (m_bodyLeft == 0)
            m_phase = Phase::AwaitingReply;
        return;
    }
    const QByteArray chunk = m_socket->peek(available);
    follow(chunk.constData(), chunk.size());
}

bool ConnectionGuard::follow(const char *data, qsizetype size)
{
    const char *p = data;
    const char *end = data + size;
    while (p < end) {
        switch (m_phase) {
        case Phase::Idle:
            // A new request; RFC 9112 lets a server skip empty lines before it.
            if (*p == '\r' || *p == '\n') {
                ++p;
                continue;
            }
            m_phase = Phase::Head;
            m_requestStartMs = m_lastActivityMs;
            m_line.clear();
            m_headBytes = 0;
            m_lineIndex = 0;
            m_method.clear();
            m_http10 = false;
            m_contentLength = -1;
            m_connectionClose = m_connectionKeepAlive = m_expectContinue = m_chunked = false;
            break;
        case Phase::Head: {
            const char *lf = static_cast<const char *>(memchr(p, '\n', size_t(end - p)));
            const char *stop = lf ? lf : end;
            m_headBytes += (lf ? lf + 1 : end) - p;
            if (m_headBytes > m_limits.maxHeadBytes) {
                refuse(431, QStringLiteral("the request line and header fields are larger than %1 bytes")
                                .arg(m_limits.maxHeadBytes));
                return false;
            }
            if (!partialLineValid(p, stop)) {
                refuse(400, m_lineIndex == 0 ? QStringLiteral("the request line is not valid HTTP/1.1")
                                             : QStringLiteral("a header field is not valid HTTP/1.1"));
                return false;
            }
            m_line.append(p, stop - p);
            if (!lf) {
                p = end;
                break;
            }
            p = lf + 1;
            if (!m_line.endsWith('\r')) {
                refuse(400, QStringLiteral("lines must end with CRLF"));
                return false;
            }
            m_line.chop(1);
            const QByteArray line = std::exchange(m_line, QByteArray());
            if (line.isEmpty() && m_lineIndex > 0) {
                if (!headComplete())
                    return false;
                break;
            }
            if (!headLine(line))
                return false;
            ++m_lineIndex;
            break;
        }
        case Phase::Body: {
            const qint64 take = std::min<qint64>(m_bodyLeft, end - p);
            m_bodyLeft -= take;
            p += take;
            if (m_bodyLeft == 0)
                m_phase = Phase::AwaitingReply;
            break;
        }
        case Phase::AwaitingReply:
            // More bytes before the reply: the client pipelines, which QtHttpServer 6.4 cannot follow.
            refuse(400, QStringLiteral("requests were pipelined; send the next request after the reply to this one"));
            return false;
        case Phase::Refused:
            return false;
        }
    }
    return true;
}

bool ConnectionGuard::partialLineValid(const char *begin, const char *end) const
{
    // The CR before LF is checked when the line ends; a CR elsewhere is refused below.
    for (const char *c = begin; c < end; ++c) {
        const auto u = static_cast<unsigned char>(*c);
        if (u == '\r' && c + 1 == end)
            continue;
        if (u == '\r' || (m_lineIndex == 0 ? !isRequestLineChar(u) : !isValueChar(u)))
            return false;
    }
    return true;
}

bool ConnectionGuard::headLine(const QByteArray &line)
{
    if (m_lineIndex == 0) {
        const QList<QByteArray> parts = line.split(' ');
        if (parts.size() != 3 || parts[0].isEmpty() || !parts[1].startsWith('/')) {
            refuse(400, QStringLiteral("the request line must be METHOD /path HTTP/1.1"));
            return false;
        }
        for (char c : parts[0]) {
            if (!isTokenChar(static_cast<unsigned char>(c))) {
                refuse(400, QStringLiteral("the method is not a token"));
                return false;
            }
        }
        for (char c : parts[1]) {
            if (!isTargetChar(static_cast<unsigned char>(c))) {
                refuse(400, QStringLiteral("the path holds characters that must be percent-encoded"));
                return false;
            }
        }
        if (parts[2] != "HTTP/1.1" && parts[2] != "HTTP/1.0") {
            refuse(400, QStringLiteral("only HTTP/1.1 and HTTP/1.0 are spoken here"));
            return false;
        }
        m_method = parts[0];
        m_http10 = parts[2] == "HTTP/1.0";
        return true;
    }

    if (line.contains('\r')) {
        refuse(400, QStringLiteral("a carriage return may only end a line"));
        return false;
    }
    if (line.startsWith(' ') || line.startsWith('\t')) {
        refuse(400, QStringLiteral("folded header lines are not accepted"));
        return false;
    }
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0) {
        refuse(400, QStringLiteral("a header field has no name or no colon"));
        return false;
    }
    const QByteArray name = line.left(colon);
    for (char c : name) {
        if (!isTokenChar(static_cast<unsigned char>(c))) {
            refuse(400, QStringLiteral("a header field name holds characters that are not allowed"));
            return false;
        }
    }
    const QByteArray value = line.mid(colon + 1).trimmed();
    if (name.compare("content-length", Qt::CaseInsensitive) == 0) {
        bool ok = !value.isEmpty() && value.size() <= 18;
        for (char c : value)
            ok = ok && c >= '0' && c <= '9';
        const qint64 length = ok ? value.toLongLong() : -1;
        if (!ok || (m_contentLength >= 0 && m_contentLength != length)) {
            refuse(400, QStringLiteral("Content-Length must be one whole number"));
            return false;
        }
        m_contentLength = length;
    } else if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0) {
        m_chunked = true;
    } else if (name.compare("connection", Qt::CaseInsensitive) == 0) {
        m_connectionClose = m_connectionClose || hasToken(value, "close");
        m_connectionKeepAlive = m_connectionKeepAlive || hasToken(value, "keep-alive");
    } else if (name.compare("expect", Qt::CaseInsensitive) == 0) {
        if (value.compare("100-continue", Qt::CaseInsensitive) != 0) {
            refuse(417, QStringLiteral("only Expect: 100-continue is understood"));
            return false;
        }
        m_expectContinue = true;
    }
    return true;
}

bool ConnectionGuard::headComplete()
{
    if (m_method != "GET" && m_method != "POST") {
        refuse(405, QStringLiteral("%1 is not answered here: push messages with POST, read with GET")
                        .arg(QString::fromLatin1(m_method)));
        return false;
    }
    if (m_chunked) {
        refuse(411, QStringLiteral("send the body with a Content-Length, not a Transfer-Encoding"));
        return false;
    }
    if (m_contentLength > m_limits.maxBodyBytes) {
        refuse(413,
               QStringLiteral("the body is %1 bytes; the limit is %2").arg(m_contentLength).arg(m_limits.maxBodyBytes));
        return false;
    }
    m_keepAlive = m_http10 ? m_connectionKeepAlive : !m_connectionClose;
    if (m_expectContinue && m_contentLength > 0)
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    m_bodyLeft = std::max<qint64>(m_contentLength, 0);
    m_phase = m_bodyLeft > 0 ? Phase::Body : Phase::AwaitingReply;
    return true;
}

void ConnectionGuard::replied()
{
    if (m_phase != Phase::AwaitingReply)
        return;
    m_phase = Phase::Idle;
    m_lastActivityMs = nowMs();
    if (!m_keepAlive)
        m_socket->disconnectFromHost();
}

void ConnectionGuard::refuse(int status, const QString &message)
{
    // QtHttpServer must not see these bytes (or any more): it would fail to parse them and abandon the socket.
    if (m_httpServer)
        disconnect(m_socket, &QTcpSocket::readyRead, m_httpServer, nullptr);
    m_phase = Phase::Refused;
    m_refusedAtMs = nowMs();
    // Bytes read inside QtHttpServer's unfinished transaction stay buffered until it ends: end it.
    if (m_socket->isTransactionStarted())
        m_socket->commitTransaction();
    m_socket->readAll();
    m_socket->write(HttpReply::error(status, message, false));
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
    switch (m_phase) {
    case Phase::Head:
    case Phase::Body:
        if (now - m_requestStartMs > m_limits.requestTimeoutMs)
            refuse(408,
                   QStringLiteral("the request took longer than %1 s to arrive").arg(m_limits.requestTimeoutMs / 1000));
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
