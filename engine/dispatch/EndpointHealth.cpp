#include "EndpointHealth.h"

#include <algorithm>
#include <vector>

namespace engine {

namespace {
constexpr size_t window = 200;
}

void EndpointHealth::remember(bool ok)
{
    ++m_attempts;
    m_recent.push_back(ok);
    if (m_recent.size() > window)
        m_recent.pop_front();
}

bool EndpointHealth::failure(const QString &error, qint64 nowMs)
{
    remember(false);
    m_lastError = error;
    m_lastErrorAt = nowMs;
    ++m_failuresInRow;
    if (!m_circuitOpen && m_failuresInRow >= m_threshold) {
        m_circuitOpen = true;
        return true;
    }
    return false;
}

bool EndpointHealth::success(qint64 latencyMs, qint64 nowMs)
{
    remember(true);
    m_latencies.push_back(latencyMs);
    if (m_latencies.size() > window)
        m_latencies.pop_front();
    m_lastSuccessAt = nowMs;
    m_failuresInRow = 0;
    if (m_circuitOpen) {
        m_circuitOpen = false;
        return true;
    }
    return false;
}

void EndpointHealth::carryOver(const QString &lastError, qint64 sinceMs)
{
    m_circuitOpen = true;
    m_failuresInRow = std::max(m_failuresInRow, m_threshold);
    m_lastError = lastError;
    m_lastErrorAt = sinceMs;
}

EndpointHealth::Snapshot EndpointHealth::snapshot() const
{
    Snapshot s;
    s.attempts = m_attempts;
    if (!m_recent.empty())
        s.successRate = double(std::count(m_recent.begin(), m_recent.end(), true)) / double(m_recent.size());
    if (!m_latencies.empty()) {
        std::vector<qint64> sorted(m_latencies.begin(), m_latencies.end());
        std::sort(sorted.begin(), sorted.end());
        s.latencyP50Ms = sorted[sorted.size() / 2];
        s.latencyP95Ms = sorted[std::min(sorted.size() - 1, sorted.size() * 95 / 100)];
    }
    s.failuresInRow = m_failuresInRow;
    s.circuitOpen = m_circuitOpen;
    s.lastError = m_lastError;
    s.lastErrorAtMs = m_lastErrorAt;
    s.lastSuccessAtMs = m_lastSuccessAt;
    return s;
}

} // namespace engine
