#include "SpaceState.h"

#include <QDateTime>

namespace engine {

void SpaceState::failed(const QString &detail)
{
    std::lock_guard lock(m_mutex);
    if (!m_full.load())
        m_details.sinceMs = QDateTime::currentMSecsSinceEpoch();
    m_details.detail = detail;
    m_lastFailure = Clock::now();
    m_full.store(true, std::memory_order_release);
}

void SpaceState::committed()
{
    if (!m_full.load(std::memory_order_acquire))
        return; // the common case: no lock on the writer's hot path
    std::lock_guard lock(m_mutex);
    if (Clock::now() - m_lastFailure >= quietMs)
        m_full.store(false, std::memory_order_release);
}

std::optional<SpaceState::Full> SpaceState::details() const
{
    std::lock_guard lock(m_mutex);
    if (!m_full.load())
        return std::nullopt;
    return m_details;
}

} // namespace engine
