#include "RequestFraming.h"

#include <QList>

#include <algorithm>
#include <cstring>

namespace engine {

namespace {

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

RequestFraming::RequestFraming(qint64 maxBodyBytes, int maxHeadBytes)
    : m_maxBodyBytes(maxBodyBytes), m_maxHeadBytes(maxHeadBytes)
{
}

bool RequestFraming::follow(const char *data, qsizetype size)
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
            const qsizetype arrived = (lf ? lf + 1 : end) - p;
            const qsizetype room = m_maxHeadBytes - m_headBytes;
            // The first byte that breaks a rule decides, so that the verdict does not depend on how the bytes
            // were split: those within the limit are looked at before the limit is.
            const bool over = arrived > room;
            if (!partialLineValid(p, over ? p + room : stop)) {
                refuse(400, m_lineIndex == 0 ? QStringLiteral("the request line is not valid HTTP/1.1")
                                             : QStringLiteral("a header field is not valid HTTP/1.1"));
                return false;
            }
            if (over) {
                refuse(
                    431,
                    QStringLiteral("the request line and header fields are larger than %1 bytes").arg(m_maxHeadBytes));
                return false;
            }
            m_headBytes += arrived;
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

bool RequestFraming::partialLineValid(const char *begin, const char *end) const
{
    // The CR before LF is checked when the line ends; a CR elsewhere is refused below, and so is one that
    // ended the bytes that came before when more than LF follows it.
    if (begin < end && m_line.endsWith('\r'))
        return false;
    for (const char *c = begin; c < end; ++c) {
        const auto u = static_cast<unsigned char>(*c);
        if (u == '\r' && c + 1 == end)
            continue;
        if (u == '\r' || (m_lineIndex == 0 ? !isRequestLineChar(u) : !isValueChar(u)))
            return false;
    }
    return true;
}

bool RequestFraming::headLine(const QByteArray &line)
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

bool RequestFraming::headComplete()
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
    if (m_contentLength > m_maxBodyBytes) {
        refuse(413, QStringLiteral("the body is %1 bytes; the limit is %2").arg(m_contentLength).arg(m_maxBodyBytes));
        return false;
    }
    m_keepAlive = m_http10 ? m_connectionKeepAlive : !m_connectionClose;
    m_continueOwed = m_expectContinue && m_contentLength > 0;
    m_bodyLeft = std::max<qint64>(m_contentLength, 0);
    m_phase = m_bodyLeft > 0 ? Phase::Body : Phase::AwaitingReply;
    return true;
}

void RequestFraming::skipBody(qint64 bytes)
{
    if (m_phase != Phase::Body)
        return;
    m_bodyLeft -= std::min(bytes, m_bodyLeft);
    if (m_bodyLeft == 0)
        m_phase = Phase::AwaitingReply;
}

void RequestFraming::replied()
{
    if (m_phase == Phase::AwaitingReply)
        m_phase = Phase::Idle;
}

void RequestFraming::refuse(int status, const QString &message)
{
    m_phase = Phase::Refused;
    m_refusal = {status, message};
}

} // namespace engine
