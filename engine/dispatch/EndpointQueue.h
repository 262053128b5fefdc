#pragma once
// One endpoint's line of deliveries in the dispatcher's memory: filled by offers of deliveries just made
// and by refills from the database (DueDeliveries) in due order, up to a window; emptied as the endpoint's
// concurrency allows. Every delivery held, here or in flight, is in the claims that all endpoints' queues
// share until its outcome is committed, so that no refill reads it again and nothing is sent twice.
// The dispatcher's thread only.

#include "EndpointHealth.h"
#include "Targets.h"
#include "deliveries/Delivery.h"
#include "deliveries/NewDelivery.h"

#include <QString>

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>

namespace engine {

class DueDeliveries;

// A delivery held in memory, with what sending it needs.
struct QueuedDelivery {
    std::string id, parentId, storeId, type;
    qint64 subscriptionId = 0;
    DeliveryState state = DeliveryState::Pending;
    int attempts = 0;
    QString updateUrl;
    std::shared_ptr<const std::string> payload; // shared by the copies of one message offered together
    int depth = 0;
};

class EndpointQueue {
public:
    using Claims = std::unordered_set<std::string>;
    // Dispatcher::Options' window, offeredLimit and offeredBytes.
    struct Limits {
        int window;          // what a refill reads ahead
        int offeredLimit;    // what offers may add beyond the window while the endpoint answers
        qint64 offeredBytes; // and the payload bytes they may hold
    };
    // Subscriptions the dispatcher knows of: a delivery for another one means the configuration changed
    // since the last look, which the queue reports by setting `unknownSubscription`.
    using KnownSubscriptions = std::map<qint64, SubscriptionTarget>;

    EndpointQueue(qint64 endpointId, int circuitThreshold) : health(circuitThreshold), m_endpointId(endpointId) {}

    // A delivery just made for this endpoint: taken straight into the line when no pending one is waiting
    // in the database for it and there is room; otherwise the next refill finds it there. (A retry that
    // fell due meanwhile may be sent after it: due order holds among pending deliveries, and retries are
    // read in due order among themselves.) False when it was not taken.
    bool offer(NewDelivery &&delivery, bool active, const Limits &limits, Claims &claims,
               const KnownSubscriptions &known, bool &unknownSubscription);
    // Reads what is due when the line wants it: after an offer it could not take, when the line runs low,
    // or when the next retry falls due. Each delivery read is claimed.
    void refill(qint64 now, bool active, DueDeliveries &reads, const Limits &limits, Claims &claims,
                const KnownSubscriptions &known, bool &unknownSubscription);
    // Drops the line (not what is in flight), so that it is read again from the database when next due.
    void forget(Claims &claims);

    bool hasReady() const { return !m_ready.empty(); }
    int readyCount() const { return int(m_ready.size()); }
    // The next delivery to send, out of the line: in flight from now until its outcome is committed.
    QueuedDelivery next();
    // Its outcome is committed: the claim goes, and a retry's due time is noted. `stored` false: the
    // outcome could not be written, so it may be pending again and only a full refill finds it.
    void release(const std::string &deliveryId, std::optional<qint64> dueAtMs, bool stored, Claims &claims);

    // Looks at the database on the next refill.
    void wantRefill() { m_refill = true; }
    // Looks at the database on the next refill for pending deliveries too: others may have been made that
    // were not offered (by another engine on the same database).
    void lookAgain()
    {
        m_refill = true;
        m_caughtUp = false;
    }
    // 0 when none is known.
    qint64 nextDueAt() const { return m_nextDueAt; }

    int inFlight = 0;
    bool held = true; // this engine sends to it (Dispatcher::Options::sendsTo)
    EndpointHealth health;

private:
    void hold(QueuedDelivery delivery, Claims &claims);

    qint64 m_endpointId;
    std::deque<QueuedDelivery> m_ready;
    int m_claimed = 0; // claims of this endpoint's, in the line or in flight
    bool m_refill = true;
    qint64 m_nextDueAt = 0;
    // Every pending delivery of this endpoint is in memory: a refill found nothing more due, and each
    // delivery made since was taken as offered. Only retries and scheduled calls are then read back.
    bool m_caughtUp = false;
    qint64 m_readyBytes = 0; // the payloads in the line, which offers may not grow past Limits::offeredBytes
};

} // namespace engine
