#pragma once
// The writer on PostgreSQL (storage/Writer.h), as sqlite/DatabaseWriter is on SQLite: its own thread and
// connection; all the work that queued up while the previous transaction committed goes into the next one
// (group commit); each job hears its outcome once COMMIT has returned, which with synchronous_commit on
// (set for the session, whatever the server's default) means the commit is durable. A job that fails rolls
// the batch back, and the others are then run again one by one so that only the failing one fails.
// Starting brings the schema up to date (PgMigrator), once however many engines start together.

#include "PgAddress.h"
#include "core/Clock.h"
#include "core/Worker.h"
#include "storage/Writer.h"
#include "storage/WriterQueue.h"

namespace engine {

class PgTransaction;

class PgWriter final : public Writer {
public:
    struct Options {
        int maxBatchWeight = 2000; // as DatabaseWriter's
    };

    PgWriter(PgAddress address, const Clock &clock, Options options);
    explicit PgWriter(PgAddress address) : PgWriter(std::move(address), Clock::system(), Options{}) {}
    ~PgWriter() override;

    Status start() override;
    // Finishes all queued work, closes the connection and joins the thread.
    void stop() override;
    bool isRunning() const { return m_worker.isRunning(); }

    qint64 queuedWeight() const override;

protected:
    void enqueue(Work work, Done done, int weight) override;

private:
    using Job = WriterQueue::Job;

    void run(const QString &connectionName);
    void runBatch(PgTransaction &tx, std::vector<Job> &jobs);

    PgAddress m_address;
    const Clock &m_clock;
    Options m_options;
    QString m_connectionName;

    Worker m_worker;
    // Under m_worker.mutex():
    WriterQueue m_queue;
};

} // namespace engine
