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
            m_settled[refusal.store] = false;
    }
    m_recent.push_front(std::move(refusal));
    if (m_recent.size() > kept)
        m_recent.pop_back();
    return raise;
}

bool PushRefusals::accepted(const QString &store)
{
    std::lock_guard lock(m_mutex);
    m_tokenRun.erase(store);
    // Most pushes land here: a lookup, nothing written, once the store is settled.
    auto [it, first] = m_settled.try_emplace(store, true);
    const bool resolve = first || !it->second;
    it->second = true;
    return resolve;
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
