#include "DatabaseWriter.h"

#include "Connection.h"
#include "Migrator.h"
#include "SqliteTransaction.h"
#include "WalCheckpointer.h"
#include "WalSyncer.h"

#include <future>

#include <sqlite3.h>

namespace engine {

DatabaseWriter::DatabaseWriter(QString path, const Clock &clock) : DatabaseWriter(std::move(path), clock, Options{}) {}

DatabaseWriter::DatabaseWriter(QString path, const Clock &clock, Options options)
    : m_path(std::move(path)), m_clock(clock), m_options(options)
{
}

DatabaseWriter::~DatabaseWriter()
{
    stop();
}

Status DatabaseWriter::start()
{
    if (isRunning())
        return {};
    Status status = m_worker.start<std::unique_ptr<Connection>>(
        "db-writer",
        [this]() -> Result<std::unique_ptr<Connection>> {
            Result<std::unique_ptr<Connection>> connection = Connection::open(m_path, Connection::Mode::Write);
            if (!connection)
                return connection;
            if (Status migrated = Migrator::migrate(**connection); !migrated)
                return migrated.error();
            // Commits write the log; the syncer flushes it before anyone is told (see WalSyncer.h).
            if (m_options.flushInBackground) {
                if (Status ok = (*connection)->exec(QStringLiteral("PRAGMA synchronous=NORMAL")); !ok)
                    return ok.error();
            }
            m_syncer = std::make_unique<WalSyncer>(m_path + QStringLiteral("-wal"));
            m_syncer->start();
            m_checkpointer = std::make_unique<WalCheckpointer>(m_path);
            if (Status ok = m_checkpointer->start(); !ok)
                return ok.error();
            // Replaces SQLite's own checkpoint-on-commit: see walHook.
            sqlite3_wal_hook((*connection)->native(), &DatabaseWriter::walHook, this);
            std::lock_guard lock(m_worker.mutex());
            m_queue.setAccepting(true);
            return connection;
        },
        [this](std::unique_ptr<Connection> connection) { run(std::move(connection)); });
    if (!status) {
        m_checkpointer.reset();
        m_syncer.reset();
    }
    return status;
}

void DatabaseWriter::stop()
{
    if (!isRunning())
        return;
    {
        std::lock_guard lock(m_worker.mutex());
        m_queue.setAccepting(false);
    }
    m_worker.stop();
    m_checkpointer.reset();
    m_syncer.reset();
}

void DatabaseWriter::enqueue(Work work, Done done, int weight)
{
    {
        std::lock_guard lock(m_worker.mutex());
        if (m_queue.accepting()) {
            m_queue.push(Job{std::move(work), std::move(done), weight});
            m_worker.wake();
            return;
        }
    }
    if (done)
        done(WriterQueue::notRunning());
}

qint64 DatabaseWriter::queuedWeight() const
{
    std::lock_guard lock(m_worker.mutex());
    return m_queue.weight();
}

int DatabaseWriter::walHook(void *self, sqlite3 *db, const char *name, int frames)
{
    auto *writer = static_cast<DatabaseWriter *>(self);
    if (frames >= writer->m_options.walLimitFrames) {
        // The background checkpointer has usually copied nearly everything; finishing here lets the next
        // transaction start the log from the beginning, which it cannot while commits never pause.
        sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    } else if (frames >= writer->m_options.checkpointAfterFrames) {
        writer->m_checkpointer->request();
    }
    return SQLITE_OK;
}

void DatabaseWriter::run(std::unique_ptr<Connection> connection)
{
    {
        SqliteTransaction tx(*connection, m_clock);
        std::vector<Job> batch;
        while (true) {
            {
                std::unique_lock lock(m_worker.mutex());
                // While the last commit is still being flushed, wait for it unless a full batch is ready:
                // small requests then queue up and share the next transaction, as they did behind the
                // writer's own fsync, instead of each paying for a commit of its own.
                m_worker.wait(lock, [this] {
                    return !m_queue.empty() && (m_unflushed == 0 || m_queue.weight() >= m_options.maxBatchWeight);
                });
                if (m_queue.empty())
                    break; // stopping, and everything queued has been written
                batch = m_queue.take(m_options.maxBatchWeight);
            }
            runBatch(tx, batch);
            batch.clear(); // what the jobs hold goes now, not when the next batch comes
        }
        m_syncer->stop();
        m_checkpointer->stop();
        // Leave a tidy file: everything in the database, an empty log. Another process still reading it
        // (an engine, while a tool ran) makes this a no-op, which is fine.
        (void)connection->exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
    }
    connection.reset();
}

void DatabaseWriter::noteFailure(Connection &c, const Status &failure)
{
    // Whatever the job made of the error, SQLite's own code still says why, until the rollback. (Its message
    // for the code, "database or disk is full", is always in English.)
    const bool full = (sqlite3_errcode(c.native()) & 0xff) == SQLITE_FULL || failure.error().outOfSpace ||
                      failure.error().message.contains(QLatin1String("database or disk is full"));
    if (full)
        m_space.failed(failure.error().message);
}

void DatabaseWriter::runBatch(SqliteTransaction &tx, std::vector<Job> &jobs)
{
    Connection &c = tx.connection();
    // Each job hears its outcome from the syncer, in commit order: after the log is flushed when it
    // committed, at once (in line) when it did not or when COMMIT itself flushed.
    auto finish = [this, &jobs](const Status &status) {
        std::vector<Done> done;
        for (Job &job : jobs) {
            if (job.done)
                done.push_back(std::move(job.done));
        }
        const bool flush = status && m_options.flushInBackground;
        if (flush) {
            std::lock_guard lock(m_worker.mutex());
            ++m_unflushed;
        }
        m_syncer->submit(
            [this, done = std::move(done), status, flush](const Status &durable) {
                const Status &outcome = status ? durable : status;
                for (const Done &d : done)
                    d(outcome);
                if (flush) {
                    std::lock_guard lock(m_worker.mutex());
                    --m_unflushed;
                    m_worker.wake();
                }
            },
            flush);
    };

    if (Status ok = c.exec(QStringLiteral("BEGIN IMMEDIATE")); !ok) {
        noteFailure(c, ok);
        finish(ok);
        return;
    }
    Status outcome;
    for (Job &job : jobs) {
        outcome = job.work(tx);
        if (!outcome)
            break;
    }
    if (outcome) {
        Status committed = c.exec(QStringLiteral("COMMIT"));
        if (!committed) {
            noteFailure(c, committed);
            c.rollback();
            finish(committed);
            return;
        }
        qint64 weight = 0;
        for (const Job &job : jobs)
            weight += job.weight;
        countCommit(qint64(jobs.size()), weight);
        finish({});
        return;
    }

    noteFailure(c, outcome);
    c.rollback();
    if (jobs.size() == 1) {
        finish(outcome);
        return;
    }
    // Find the job that failed by running each on its own; the rest still commit.
    for (Job &job : jobs) {
        std::vector<Job> alone;
        alone.push_back(std::move(job));
        runBatch(tx, alone);
    }
}

} // namespace engine
