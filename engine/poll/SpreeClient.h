#pragma once
// GET requests to one store's Spree API over the hub's blocking client (BlockingHttp): the key in the header
// that API reads (v1 X-Spree-Token, v3 X-Spree-Api-Key), and why an answer is not what the hub needs, in
// words a store owner can act on. On the poller's thread (or Test connection's).

#include "config/Store.h"
#include "core/BlockingHttp.h"
#include "core/Json.h"

#include <QByteArray>
#include <QString>

#include <atomic>

namespace engine {

class SpreeClient {
public:
    using Answer = BlockingHttp::Answer;

    // `cancel`, when set, ends a request under way with an error.
    SpreeClient(QString baseUrl, QString key, int timeoutMs = 30'000, QString caFile = QString(),
                const std::atomic<bool> *cancel = nullptr);

    // Why an answer (and its body, parsed) is not what the hub needs.
    static QString reasonFor(const Answer &answer, const Json &body);

    // `pathAndQuery` starts with /api/...; the key goes in the header of `version` (V1 or V3).
    Answer get(const QByteArray &pathAndQuery, ApiVersion version);

private:
    BlockingHttp m_http;
    QByteArray m_base;
    QByteArray m_key;
    int m_timeoutMs;
};

} // namespace engine
