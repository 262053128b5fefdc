#pragma once
// GET requests to one store's Spree API, one at a time over a kept-alive connection, on the poller's thread:
// the key in the header that API reads (v1 X-Spree-Token, v3 X-Spree-Api-Key), the answer's status, body
// and Retry-After, and when nothing came back, why. Certificates are checked, as for endpoints.

#include "config/Store.h"
#include "core/Json.h"

#include <QByteArray>
#include <QString>

#include <atomic>
#include <memory>

namespace engine {

class SpreeClient {
public:
    struct Answer {
        long status = 0; // 0: no answer (name lookup, refused, timeout, TLS)
        QByteArray body;
        QByteArray contentType;
        QByteArray retryAfter;
        QString error; // what went wrong when no answer came
    };

    // `cancel`, when set, ends a request under way with an error.
    SpreeClient(QString baseUrl, QString key, int timeoutMs = 30'000, QString caFile = QString(),
                const std::atomic<bool> *cancel = nullptr);
    ~SpreeClient();
    SpreeClient(const SpreeClient &) = delete;
    SpreeClient &operator=(const SpreeClient &) = delete;

    // Why an answer (and its body, parsed) is not what the hub needs, in words a store owner can act on.
    static QString reasonFor(const Answer &answer, const Json &body);

    // `pathAndQuery` starts with /api/...; the key goes in the header of `version` (V1 or V3).
    Answer get(const QByteArray &pathAndQuery, ApiVersion version);

private:
    struct Handle;
    std::unique_ptr<Handle> m_handle;
    QByteArray m_base;
    QByteArray m_key;
    int m_timeoutMs;
    QByteArray m_caFile;
    const std::atomic<bool> *m_cancel;
};

} // namespace engine
