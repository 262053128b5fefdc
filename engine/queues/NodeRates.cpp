#include "NodeRates.h"

namespace engine {

void NodeRates::observe(const std::vector<ThroughputStore::Sample> &samples)
{
    std::lock_guard lock(m_mutex);
    std::map<std::string, Engine> engines;
    for (const ThroughputStore::Sample &sample : samples) {
        Engine now{sample, {}};
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
    for (const auto &[holder, engine] : m_engines) {
        sum.taken += engine.rates.taken;
        sum.delivered += engine.rates.delivered;
        sum.failed += engine.rates.failed;
    }
    return sum;
}

} // namespace engine
