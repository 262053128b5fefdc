#pragma once
// Polls one store through its Spree API (DESIGN §8): lists what changed since the cursor, oldest first, page
// by page (placed orders only); fetches each changed order in full; maps it to the hub's shape; and makes
// order:new the first time an order is seen, order:updated (with previous and diff) when its content
// changed; customers and products likewise (API v1's products, which have no updated_at, compared whole). Each page's
// messages, the copies it keeps and the cursor commit in one transaction, so a crash at any moment neither loses nor
// repeats a change. Every poll is a heartbeat: enough failures in a row, or a long silence, raise a store_unreachable
// alert with a reason a person can act on; the next success resolves it. On the poller's thread; blocks while it polls.

#include "SpreeClient.h"
#include "config/Store.h"
#include "core/Clock.h"
#include "core/Json.h"
#include "storage/PollStore.h"

#include <QString>

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace engine {

class Ingest;
class ReadConnection;
class Writer;

class StorePoller {
public:
    struct Options {
        int perPage = 100;
        int failuresForAlert = 3;           // failures in a row that raise store_unreachable
        qint64 silenceForAlertMs = 300'000; // or this long without a success
        int timeoutMs = 30'000;
        QString caFile;
    };
    struct Report {
        int changed = 0;  // orders listed as changed since the cursor and looked at
        int messages = 0; // order:new and order:updated made
        std::vector<std::pair<std::string, std::string>> made; // their types and ids
        // The most held in memory at once (one page: the objects, their copies and messages), whatever the
        // backlog: memory stays flat however large the store.
        int mostHeldObjects = 0;
        qint64 mostHeldBytes = 0;
        QString error;        // why the poll stopped short; empty when it went through
        qint64 retryAtMs = 0; // a 429's Retry-After, or the pace: not before then
    };

    // `cancel`, when set, ends a request under way (the engine stopping).
    StorePoller(Store store, Writer &writer, Ingest &ingest, ReadConnection &reads, const Clock &clock, Options options,
                const std::atomic<bool> *cancel = nullptr);
    ~StorePoller();

    const Store &store() const { return m_store; }
    void setStore(Store store);
    // What is polled, each with its own cursor: orders (order:new, order:updated), customers (user:...),
    // products (product:...).
    enum class Resource { Orders, Customers, Products };
    Report poll(Resource resource);
    Report pollOrders() { return poll(Resource::Orders); }
    static const char *resourceName(Resource resource);
    static const char *messageNoun(Resource resource);
    // The API it talks to: the configured one, or the one found (auto); none until found.
    std::optional<ApiVersion> api() const { return m_api; }
    // Polls that failed in a row (this poller's count), for backing off.
    int failuresInRow() const { return m_failuresInRow; }

private:
    struct Failure {
        QString reason;
        qint64 retryAtMs = 0;
    };
    std::optional<Failure> findApi();
    // A GET that counts against the pace; a failure says why in the owner's words.
    std::optional<Failure> get(const QByteArray &pathAndQuery, Json &out);
    Status heartbeat(const std::optional<Failure> &failure);
    QByteArray listPath(Resource resource, ApiVersion api, const std::string &since, int page) const;
    QByteArray orderPath(const Json &summary) const;

    Store m_store;
    Writer &m_writer;
    Ingest &m_ingest;
    ReadConnection &m_reads;
    const Clock &m_clock;
    Options m_options;
    std::unique_ptr<SpreeClient> m_client;
    const std::atomic<bool> *m_cancel;
    std::optional<ApiVersion> m_api;
    std::vector<qint64> m_requestTimes; // in the last minute, for the pace
    int m_failuresInRow = 0;
};

} // namespace engine
