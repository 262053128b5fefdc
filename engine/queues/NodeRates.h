#pragma once
// The rates of the other engines on a shared PostgreSQL database, from the running totals each publishes
// every round (storage/ThroughputStore): for each engine, what its totals moved between its last two
// samples over the time between them on its own clock; then summed. An engine seen once has no rate yet,
// and one that stopped publishing (it stopped, or died) counts no more. Thread-safe: observed on the
// engine's reader thread, read from any, the window's included, without waiting on the database.

#include "storage/ThroughputStore.h"

#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace engine {

class NodeRates {
public:
    struct Rates {
        double taken = 0; // messages taken a second
        double delivered = 0;
        double failed = 0;
    };

    // Every engine's latest sample, as read: the ones missing from it are gone.
    void observe(const std::vector<ThroughputStore::Sample> &samples);
    // The sum over the engines observed.
    Rates rates() const;

private:
    struct Seen {
        ThroughputStore::Sample last;
        Rates rates;
    };

    mutable std::mutex m_mutex;
    std::map<std::string, Seen> m_engines; // by holder
};

} // namespace engine
