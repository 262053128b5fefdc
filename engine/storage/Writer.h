#pragma once
// The one writer, as the parts that write see it: work is queued from any thread and runs inside the
// writer's transaction (WriteTransaction), with other jobs (group commit); each job hears its outcome once
// the commit is durable. The backend's writer (storage/sqlite/DatabaseWriter, storage/postgres/PgWriter) does
// the rest; storage/Backend makes the one a location names.
//
// Jobs must be safe to run twice (they may be re-run after a rollback) and must not block.

#include "core/Result.h"
#include "storage/SpaceState.h"
#include "storage/WriteTransaction.h"

#include <atomic>
#include <functional>

namespace engine {

class Writer {
public:
    using Work = std::function<Status(WriteTransaction &)>;
    // Called once the commit is on disk (or the work failed), on the writer's own thread, in commit order.
    // Must not block.
    using Done = std::function<void(const Status &)>;

    virtual ~Writer() = default;

    // Opens the database (making it and bringing its schema up to date if needed) and starts the thread.
    virtual Status start() = 0;
    // Finishes all queued work, closes the connection and joins the thread. Safe to call twice.
    virtual void stop() = 0;

    // Thread-safe. A job weighs what it writes (an ingest job weighs its message count), so that no
    // transaction grows without bound. Once stopped, work is refused with an error passed to done.
    void submit(Work work, Done done = {}, int weight = 1) { enqueue(std::move(work), std::move(done), weight); }
    // Submits and waits. For threads allowed to block: command-line tools, tests, benchmarks.
    Status execute(Work work);

    // Total weight of the work waiting, for back-pressure.
    virtual qint64 queuedWeight() const = 0;

    // Transactions committed since start(), and the jobs and weight (messages, for ingest) in them: their
    // ratios show what group commit does.
    qint64 committedTransactions() const { return m_committedTransactions.load(); }
    qint64 committedJobs() const { return m_committedJobs.load(); }
    qint64 committedWeight() const { return m_committedWeight.load(); }

    // Whether the database is out of space (see SpaceState.h): the backend tells it of every commit and of
    // every failure for lack of space.
    const SpaceState &space() const { return m_space; }

protected:
    virtual void enqueue(Work work, Done done, int weight) = 0;
    // The backend tells of each commit once it returned.
    void countCommit(qint64 jobs, qint64 weight)
    {
        m_committedTransactions.fetch_add(1);
        m_committedJobs.fetch_add(jobs);
        m_committedWeight.fetch_add(weight);
        m_space.committed();
    }
    SpaceState m_space;

private:
    std::atomic<qint64> m_committedTransactions{0};
    std::atomic<qint64> m_committedJobs{0};
    std::atomic<qint64> m_committedWeight{0};
};

} // namespace engine
