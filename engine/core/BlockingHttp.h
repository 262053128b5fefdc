#pragma once
// The hub's HTTP client for requests that wait for their answer, one at a time over a kept-alive connection:
// the poller's GETs, Test connection, discovery and the command line's push. (Deliveries, many at once, go
// through HttpSender.) Both follow the one HttpPolicy. Blocks: never on the GUI thread.

#include <QByteArray>
#include <QString>

#include <atomic>
#include <memory>
#include <vector>

namespace engine {

class BlockingHttp {
public:
    struct Request {
        QByteArray method = "GET"; // GET, HEAD or POST
        QByteArray url;
        std::vector<QByteArray> headers; // "Name: value"
        QByteArray body;                 // POST's
        int timeoutMs = 30'000;
        qint64 maxBodyBytes = 16 * 1024 * 1024; // an answer longer than this ends the request with an error
    };
    struct Answer {
        long status = 0; // 0: no answer (name lookup, refused, timeout, TLS, too long)
        QByteArray body;
        QByteArray contentType;
        QByteArray retryAfter;
        QString error; // what went wrong when no answer came
        qint64 milliseconds = 0;
    };

    // `cancel`, when set, ends a request under way with an error (a part stopping).
    explicit BlockingHttp(QString caFile = QString(), const std::atomic<bool> *cancel = nullptr);
    ~BlockingHttp();
    BlockingHttp(const BlockingHttp &) = delete;
    BlockingHttp &operator=(const BlockingHttp &) = delete;

    Answer send(const Request &request);

private:
    struct Handle;
    std::unique_ptr<Handle> m_handle;
    QByteArray m_caFile;
    const std::atomic<bool> *m_cancel;
};

} // namespace engine
