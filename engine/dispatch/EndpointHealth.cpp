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
    m_recentFailures += ok ? 0 : 1;
    if (m_recent.size() > window) {
        m_recentFailures -= m_recent.front() ? 0 : 1;
        m_recent.pop_front();
    }
    judgeShare();
}

double EndpointHealth::failurePercent() const
{
    return m_recent.empty() ? 0.0 : 100.0 * double(m_recentFailures) / double(m_recent.size());
}

void EndpointHealth::judgeShare()
{
    const double share = failurePercent();
    bool degraded = m_degraded;
    if (m_degradedPercent <= 0)
        degraded = false;
    else if (!m_degraded && int(m_recent.size()) >= degradedMinimumAttempts && share >= m_degradedPercent)
        degraded = true;
    else if (m_degraded && int(m_recent.size()) >= degradedMinimumAttempts && share <= m_degradedPercent / 2.0)
        degraded = false; // judged on as many attempts as made it degraded (after a restart too)
    if (degraded != m_degraded) {
        m_degraded = degraded;
        m_degradedChange = degraded;
    }
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
    s.degraded = m_degraded;
    s.failuresInRow = m_failuresInRow;
    s.circuitOpen = m_circuitOpen;
    s.lastError = m_lastError;
    s.lastErrorAtMs = m_lastErrorAt;
    s.lastSuccessAtMs = m_lastSuccessAt;
    return s;
}

} // namespace engine
