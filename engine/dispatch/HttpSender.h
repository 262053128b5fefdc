#pragma once
// Outgoing HTTP POSTs on libcurl's multi interface: many at once from one thread, over connections kept
// alive between requests. Redirects are not followed (a 3xx is an answer like any other) and TLS
// certificates are verified. Lives on the thread that uses it (the dispatcher's); only wake() may be called
// from elsewhere.

#include <QByteArray>
#include <QString>

#include <memory>
#include <unordered_set>
#include <vector>

namespace engine {

class HttpSender {
public:
    struct Request {
        quint64 tag = 0; // the caller's, handed back with the response
        QByteArray url;
        QByteArray body;
        std::vector<QByteArray> headers; // "Name: value"
        int timeoutMs = 30'000;
    };
    struct Response {
        quint64 tag = 0;
        bool transferred = false; // an HTTP answer came back (whatever its status)
        long status = 0;
        QByteArray body;        // at most the cap given to the constructor
        bool truncated = false; // the answer was longer than the cap
        QByteArray retryAfter;  // the Retry-After header, if any
        QString error;          // what went wrong when nothing came back: refused, timed out, TLS...
        qint64 durationMs = 0;
    };

    // `maxBodyBytes` caps what is kept of each answer; `caFile` adds trusted certificates (empty: the
    // system's).
    explicit HttpSender(qint64 maxBodyBytes = 1024 * 1024, QString caFile = QString());
    ~HttpSender();
    HttpSender(const HttpSender &) = delete;
    HttpSender &operator=(const HttpSender &) = delete;

    void start(Request request);
    // Moves transfers on; returns those that finished. Waits up to `timeoutMs` only when none has.
    std::vector<Response> poll(int timeoutMs);
    // Thread-safe: makes a waiting poll() return now.
    void wake();
    int running() const { return m_running; }

private:
    struct Transfer;
    std::vector<Response> collect();

    void *m_multi; // CURLM
    qint64 m_maxBodyBytes;
    QByteArray m_caFile;
    int m_running = 0;
    std::vector<void *> m_spareHandles; // CURL, reset and reused
    std::unordered_set<Transfer *> m_transfers;
};

} // namespace engine
