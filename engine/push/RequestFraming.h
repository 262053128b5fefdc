#pragma once
// The framing of the requests on one push connection (RFC 9112) as ConnectionGuard follows it, without the
// socket: bytes in, as they arrive and however they are split; out, whether a request is still arriving, is
// complete (its method, body length and whether the connection stays open after the reply), or is refused with
// a status (400, 405, 408, 411, 413, 417 or 431) and a reason. The request line and header fields are checked
// as they come and held to a size; a body is only counted. One request at a time: bytes that come before the
// reply to a complete request are pipelining, which is refused.
//
// Lives wherever its guard lives (the push server's thread); a value with no Qt parent.

#include <QByteArray>
#include <QString>

#include <utility>

namespace engine {

class RequestFraming {
public:
    enum class Phase {
        Idle,          // between requests
        Head,          // reading the request line and header fields
        Body,          // reading Content-Length bytes
        AwaitingReply, // the request is complete; the server owes the reply
        Refused,       // answered with an error; whatever comes now is dropped
    };
    struct Refusal {
        int status = 0;
        QString message;
    };

    RequestFraming(qint64 maxBodyBytes, int maxHeadBytes);

    // Follows the bytes that just arrived; returns false once the request has been refused.
    bool follow(const char *data, qsizetype size);
    // Counts `bytes` of body that arrived without looking at them: in Phase::Body, at most bodyLeft().
    void skipBody(qint64 bytes);
    // The reply to the complete request is written: the next request may come.
    void replied();
    // Refuses the request for a reason found outside the bytes (it took too long to arrive).
    void refuse(int status, const QString &message);

    Phase phase() const { return m_phase; }
    // Why the request was refused, in Phase::Refused.
    const Refusal &refusal() const { return m_refusal; }
    // Once per request: true when its head asked for "100 Continue" before a body, which is owed now.
    bool takeContinue() { return std::exchange(m_continueOwed, false); }

    // The request being read, or the complete one.
    const QByteArray &method() const { return m_method; }
    bool http10() const { return m_http10; }
    qint64 contentLength() const { return m_contentLength; } // -1 when the head gave none
    qint64 bodyLeft() const { return m_bodyLeft; }
    qsizetype headBytes() const { return m_headBytes; } // the request line and header fields, CRLFs included
    // Whether the connection stays open after the reply to the complete request.
    bool keepAlive() const { return m_keepAlive; }

private:
    bool headLine(const QByteArray &line);
    bool headComplete();
    bool partialLineValid(const char *begin, const char *end) const;

    qint64 m_maxBodyBytes;
    int m_maxHeadBytes;

    Phase m_phase = Phase::Idle;
    Refusal m_refusal;
    bool m_continueOwed = false;

    // The request being read.
    QByteArray m_line; // the header line being read, without its CRLF
    qsizetype m_headBytes = 0;
    int m_lineIndex = 0; // 0 is the request line
    QByteArray m_method;
    bool m_http10 = false;
    qint64 m_contentLength = -1;
    qint64 m_bodyLeft = 0;
    bool m_keepAlive = true;
    bool m_connectionClose = false;
    bool m_connectionKeepAlive = false;
    bool m_expectContinue = false;
    bool m_chunked = false;
};

} // namespace engine
