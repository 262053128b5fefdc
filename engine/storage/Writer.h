#pragma once
// The one writer, as the parts that write see it: work is queued from any thread and runs inside the
// writer's transaction (WriteTransaction), with other jobs (group commit); each job hears its outcome once
// the commit is durable. The backend's writer (storage/sqlite/DatabaseWriter) does the rest.
//
// Jobs must be safe to run twice (they may be re-run after a rollback) and must not block.

#include "core/Result.h"
#include "storage/WriteTransaction.h"

#include <functional>

namespace engine {

class Writer {
public:
    using Work = std::function<Status(WriteTransaction &)>;
    // Called once the commit is on disk (or the work failed), on the writer's own thread, in commit order.
    // Must not block.
    using Done = std::function<void(const Status &)>;

    virtual ~Writer() = default;

    // Thread-safe. A job weighs what it writes (an ingest job weighs its message count), so that no
    // transaction grows without bound. Once stopped, work is refused with an error passed to done.
    void submit(Work work, Done done = {}, int weight = 1) { enqueue(std::move(work), std::move(done), weight); }
    // Submits and waits. For threads allowed to block: command-line tools, tests, benchmarks.
    Status execute(Work work);

    // Total weight of the work waiting, for back-pressure.
    virtual qint64 queuedWeight() const = 0;

protected:
    virtual void enqueue(Work work, Done done, int weight) = 0;
};

} // namespace engine
