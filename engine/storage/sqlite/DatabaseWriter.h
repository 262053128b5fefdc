#pragma once
// The writer on SQLite (storage/Writer.h). Lives on its own thread and owns the only connection that writes.
// All the work that queued up while the previous transaction committed goes into the next one (group
// commit), so many small requests share one fsync. Each job learns its own outcome after the commit: a job
// that fails rolls the batch back, and the others are then run again one by one so that only the failing
// one fails.

#include "core/Clock.h"
#include "core/Result.h"
#include "core/Worker.h"
#include "storage/Writer.h"
#include "storage/WriterQueue.h"

#include <QString>

#include <functional>
#include <memory>

struct sqlite3;

namespace engine {

class Connection;
class WalCheckpointer;
class WalSyncer;

class DatabaseWriter final : public Writer {
public:
    struct Options {
        // Jobs weigh what they write (an ingest job weighs its message count); a transaction stops taking
        // jobs at this weight so that no commit grows without bound.
        int maxBatchWeight = 2000;
        // WAL pages after which the background checkpointer is asked to run.
        int checkpointAfterFrames = 1024;
        // WAL pages after which the writer checkpoints itself, so the log is reset even under constant load.
        int walLimitFrames = 8192;
        // Flush the log on the syncer's thread (synchronous=NORMAL + WalSyncer) rather than inside each
        // COMMIT (synchronous=FULL). Both acknowledge only what is on disk; see WalSyncer.h for the difference.
        bool flushInBackground = true;
    };

    explicit DatabaseWriter(QString path, const Clock &clock = Clock::system());
    DatabaseWriter(QString path, const Clock &clock, Options options);
    ~DatabaseWriter() override;

    // Opens the database (creating it if needed), brings its schema up to date and starts the thread.
    Status start() override;
    // Finishes all queued work, checkpoints, closes the connection and joins the thread.
    void stop() override;
    bool isRunning() const { return m_worker.isRunning(); }

    qint64 queuedWeight() const override;
    const QString &path() const { return m_path; }

protected:
    void enqueue(Work work, Done done, int weight) override;

private:
    using Job = WriterQueue::Job;

    void run(std::unique_ptr<Connection> connection);
    void runBatch(class SqliteTransaction &tx, std::vector<Job> &jobs);
    // Before the rollback of a transaction that failed: tells the space state when it was for lack of space.
    void noteFailure(class Connection &c, const Status &failure);
    static int walHook(void *self, sqlite3 *db, const char *name, int frames);

    QString m_path;
    const Clock &m_clock;
    Options m_options;
    std::unique_ptr<WalCheckpointer> m_checkpointer;
    std::unique_ptr<WalSyncer> m_syncer;

    Worker m_worker;
    // Under m_worker.mutex():
    WriterQueue m_queue;
    int m_unflushed = 0; // commits the syncer has not yet flushed
};

} // namespace engine
