#pragma once
// What the owner can do with deliveries: retry (parked or retrying → pending, due now), archive (mark done
// without sending), resend (archived or discarded → pending, same message_id) and discard (drop without
// sending). One delivery or many: by id, by endpoint, subscription or type, in a state. Each action is
// recorded as an event. Large selections go in chunks, one transaction each, so that they report progress
// and can be cancelled between chunks.
//
// Thread-safe: the work runs on the database writer's thread; callbacks come from there.

#include "core/Clock.h"
#include "core/Result.h"
#include "deliveries/Delivery.h"

#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace engine {

class Writer;
class Dispatcher;
class QueueCounts;

class DeliveryActions {
public:
    enum class Action { Retry, Archive, Resend, Discard };

    struct Selection {
        std::vector<std::string> ids; // these deliveries; or, when empty, all that match the rest
        std::optional<qint64> endpointId;
        QString endpointName; // or by name, looked up as the action starts: an unknown one fails it
        std::optional<qint64> subscriptionId;
        QString type;
        std::vector<DeliveryState> states; // empty: the action's usual ones (retry: parked; resend: archived...)
    };

    struct Progress {
        int done = 0;
        int total = 0;
    };

    // A bulk action under way.
    class Run {
    public:
        void cancel() { m_cancelled.store(true); }
        bool isCancelled() const { return m_cancelled.load(); }

    private:
        std::atomic<bool> m_cancelled{false};
    };

    // `external` marks actions made outside a running engine (the command line): they bump a revision the
    // engine watches, so it notices within a second. `counts` and `dispatcher` may be null (no engine here).
    DeliveryActions(Writer &writer, const Clock &clock, QueueCounts *counts, Dispatcher *dispatcher, bool external);

    static const char *actionName(Action action);
    // The states an action applies to: the ones asked for, or the usual ones, but never one it cannot change.
    static std::vector<DeliveryState> statesFor(Action action, const std::vector<DeliveryState> &asked);

    std::shared_ptr<Run> start(Action action, Selection selection, std::function<void(Progress)> progress,
                               std::function<void(const Status &, int changed)> finished);
    // Starts and waits; returns how many deliveries changed. For threads that may block.
    Result<int> runAndWait(Action action, Selection selection);

private:
    Writer &m_writer;
    const Clock &m_clock;
    QueueCounts *m_counts;
    Dispatcher *m_dispatcher;
    bool m_external;
};

} // namespace engine
