#include "PushRefusals.h"

namespace engine {

bool PushRefusals::refused(Refusal refusal)
{
    std::lock_guard lock(m_mutex);
    ++m_counts[refusal.reason];
    ++m_total;
    bool raise = false;
    if (refusal.reason == WrongToken || refusal.reason == MissingToken) {
        raise = ++m_tokenRun[refusal.store] == alertAfter;
        if (raise)
            m_alerted.insert(refusal.store);
    }
    m_recent.push_front(std::move(refusal));
    if (m_recent.size() > kept)
        m_recent.pop_back();
    return raise;
}

bool PushRefusals::accepted(const QString &store)
{
    // Every push let in comes here: two lookups, and nothing written unless an alert is to be resolved.
    std::lock_guard lock(m_mutex);
    if (!m_tokenRun.empty())
        m_tokenRun.erase(store);
    return m_alerted.erase(store) > 0;
}

void PushRefusals::carryOver(const QString &store)
{
    std::lock_guard lock(m_mutex);
    m_alerted.insert(store);
}

std::map<QString, qint64> PushRefusals::countsByReason() const
{
    std::lock_guard lock(m_mutex);
    return m_counts;
}

qint64 PushRefusals::total() const
{
    std::lock_guard lock(m_mutex);
    return m_total;
}

std::vector<PushRefusals::Refusal> PushRefusals::recent() const
{
    std::lock_guard lock(m_mutex);
    return {m_recent.begin(), m_recent.end()};
}

} // namespace engine
