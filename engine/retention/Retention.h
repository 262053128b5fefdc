#pragma once
// The archive's retention rule (DESIGN §3): messages older than the owner's limit whose copies are all
// finished (archived or discarded) are deleted with their deliveries and attempts, oldest first, a chunk per
// transaction. Events, identifiers already delivered and anything still waiting are kept.
//
// A thread of its own wakes every few minutes and sweeps when the owner has set a limit. A sweep that fails
// (the disk, a damaged file) raises a retention_failing alert with the error, resolved by the next one that
// succeeds: an archive that silently stops shrinking would fill the disk.

#include "core/Clock.h"
#include "core/Result.h"

#include "core/Worker.h"

#include <functional>

namespace engine {

class Writer;
class QueueCounts;
class WriteTransaction;

class Retention {
public:
    Retention(Writer &writer, QueueCounts &counts, const Clock &clock, int intervalMs = 10 * 60 * 1000);
    ~Retention();

    // Whether this engine sweeps now (it holds the lease, cluster/Leases); unset: it always does, as the one
    // engine on its database. Before start().
    void setSweeps(std::function<bool()> sweeps) { m_sweeps = std::move(sweeps); }
    void start();
    void stop();
    // Deletes everything past the limit now, in chunks, and waits. Returns the number of messages deleted.
    Result<int> sweep();

private:
    void run();
    void report(const Status &swept);

    Writer &m_writer;
    QueueCounts &m_counts;
    const Clock &m_clock;
    int m_intervalMs;
    Worker m_worker;
    std::function<bool()> m_sweeps;
};

} // namespace engine
