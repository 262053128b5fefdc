#include "NodeRates.h"

namespace engine {

void NodeRates::observe(const std::vector<ThroughputStore::Sample> &samples)
{
    std::lock_guard lock(m_mutex);
    std::map<std::string, Seen> engines;
    for (const ThroughputStore::Sample &sample : samples) {
        Seen now{sample, {}};
        const auto before = m_engines.find(sample.holder);
        if (before != m_engines.end()) {
            const ThroughputStore::Sample &last = before->second.last;
            const qint64 elapsedMs = sample.sampledAtMs - last.sampledAtMs;
            if (elapsedMs > 0) {
                const double seconds = double(elapsedMs) / 1000.0;
                now.rates = {double(sample.totals.taken - last.totals.taken) / seconds,
                             double(sample.totals.delivered - last.totals.delivered) / seconds,
                             double(sample.totals.failed - last.totals.failed) / seconds};
            } else {
                now = before->second; // the same sample read again: its rate stands
            }
        }
        engines.emplace(sample.holder, std::move(now));
    }
    m_engines = std::move(engines);
}

NodeRates::Rates NodeRates::rates() const
{
    std::lock_guard lock(m_mutex);
    Rates sum;
    for (const auto &[holder, seen] : m_engines) {
        sum.taken += seen.rates.taken;
        sum.delivered += seen.rates.delivered;
        sum.failed += seen.rates.failed;
    }
    return sum;
}

} // namespace engine
