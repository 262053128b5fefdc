#include "EndpointQueue.h"

#include "storage/DueDeliveries.h"

#include <algorithm>

namespace engine {

bool EndpointQueue::offer(NewDelivery &&d, bool active, const Limits &limits, Claims &claims,
                          const KnownSubscriptions &known, bool &unknownSubscription)
{
    // Beyond its window, only while it answers: a failing endpoint must not gather a line in memory.
    const bool beyond = health.answering() && m_readyBytes < limits.offeredBytes;
    const int room = beyond ? limits.window + limits.offeredLimit : limits.window;
    if (!active || !m_caughtUp || int(m_ready.size()) >= room) {
        m_refill = true;
        m_caughtUp = false;
        return false;
    }
    if (claims.count(d.id) != 0)
        return false; // a refill read it already
    if (known.count(d.subscriptionId) == 0)
        unknownSubscription = true;
    QueuedDelivery w;
    w.id = std::move(d.id);
    w.parentId = std::move(d.parentId);
    w.storeId = std::move(d.storeId);
    w.type = std::move(d.type);
    w.subscriptionId = d.subscriptionId;
    w.payload = std::move(d.payload);
    w.depth = d.depth;
    hold(std::move(w), claims);
    return true;
}

void EndpointQueue::refill(qint64 now, bool active, DueDeliveries &reads, const Limits &limits, Claims &claims,
                           const KnownSubscriptions &known, bool &unknownSubscription)
{
    if (m_nextDueAt != 0 && now >= m_nextDueAt) {
        m_refill = true;
        m_nextDueAt = 0;
    }
    if (!m_refill || !active)
        return;
    int want = limits.window - int(m_ready.size());
    if (m_caughtUp)
        want = std::max(want, limits.window / 2); // a retry due is read even behind a line of offers
    else if (want <= limits.window / 2)
        return;
    Result<DueDeliveries::Due> due = reads.due(m_endpointId, now, want, m_claimed, !m_caughtUp, claims);
    if (!due)
        return; // looked at again on the next pass: m_refill still stands
    for (const auto &[dueAt, id] : due->ids) {
        Result<std::optional<DueDeliveries::Details>> read = reads.details(id);
        if (!read || !*read)
            continue; // no longer live: archived or discarded meanwhile
        DueDeliveries::Details &d = **read;
        QueuedDelivery w;
        w.id = id;
        w.parentId = std::move(d.parentId);
        w.storeId = std::move(d.storeId);
        w.subscriptionId = d.subscriptionId;
        w.type = std::move(d.type);
        w.state = d.state;
        w.attempts = d.attempts;
        w.updateUrl = std::move(d.updateUrl);
        w.payload = std::make_shared<const std::string>(std::move(d.payload));
        w.depth = d.depth;
        // A subscription made moments ago may have deliveries before the last look at the configuration:
        // look again before any of them is taken for one that is gone.
        if (known.count(w.subscriptionId) == 0)
            unknownSubscription = true;
        hold(std::move(w), claims);
    }
    m_refill = due->more;
    m_caughtUp = m_caughtUp || !due->more;

    // When the next retry or scheduled call falls due, look again.
    const DueDeliveries::Next next = reads.nextDue(m_endpointId, now);
    if (next.pendingLater)
        m_caughtUp = false; // made after this look began (or the clock stepped back): read it then
    if (next.at != 0 && (m_nextDueAt == 0 || next.at < m_nextDueAt))
        m_nextDueAt = next.at;
}

void EndpointQueue::forget(Claims &claims)
{
    for (const QueuedDelivery &w : m_ready) {
        claims.erase(w.id);
        --m_claimed;
    }
    m_ready.clear();
    m_readyBytes = 0;
    m_refill = true;
    m_caughtUp = false;
    m_nextDueAt = 0;
}

QueuedDelivery EndpointQueue::next()
{
    QueuedDelivery w = std::move(m_ready.front());
    m_ready.pop_front();
    m_readyBytes -= qint64(w.payload->size());
    return w;
}

void EndpointQueue::release(const std::string &deliveryId, std::optional<qint64> dueAtMs, bool stored, Claims &claims)
{
    claims.erase(deliveryId);
    --m_claimed;
    if (dueAtMs && (m_nextDueAt == 0 || *dueAtMs < m_nextDueAt))
        m_nextDueAt = *dueAtMs;
    if (!stored)
        m_caughtUp = false;
}

void EndpointQueue::hold(QueuedDelivery w, Claims &claims)
{
    claims.insert(w.id);
    ++m_claimed;
    m_readyBytes += qint64(w.payload->size());
    m_ready.push_back(std::move(w));
}

} // namespace engine
