#include "PgWriter.h"

#include "PgMigrator.h"
#include "PgTransaction.h"

#include <QUuid>

namespace engine {

PgWriter::PgWriter(PgAddress address, const Clock &clock, Options options)
    : m_address(std::move(address)), m_clock(clock), m_options(options),
      m_connectionName(QStringLiteral("pg-writer-") + QUuid::createUuid().toString(QUuid::Id128))
{
}

PgWriter::~PgWriter()
{
    stop();
}

Status PgWriter::start()
{
    if (isRunning())
        return {};
    // QtSql ties a connection to the thread that opened it: opened, migrated and used on the writer's own.
    return m_worker.start<QString>(
        "db-writer",
        [this]() -> Result<QString> {
            Result<QSqlDatabase> db = m_address.open(m_connectionName);
            if (!db) {
                QSqlDatabase::removeDatabase(m_connectionName);
                return db.error();
            }
            Status ready = PgMigrator::migrate(*db, m_address.display());
            if (ready) {
                std::unique_ptr<PgConnection> native = PgConnection::underQt(*db, m_address.display());
                ready = native ? native->exec("SET synchronous_commit = on")
                               : Status(runtimeError(QStringLiteral("no libpq connection under Qt's driver")));
            }
            if (!ready) {
                db->close();
                *db = QSqlDatabase();
                QSqlDatabase::removeDatabase(m_connectionName);
                return ready.error();
            }
            std::lock_guard lock(m_worker.mutex());
            m_queue.setAccepting(true);
            return m_connectionName;
        },
        [this](QString name) { run(name); });
}

void PgWriter::stop()
{
    if (!isRunning())
        return;
    {
        std::lock_guard lock(m_worker.mutex());
        m_queue.setAccepting(false);
    }
    m_worker.stop();
}

void PgWriter::enqueue(Work work, Done done, int weight)
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

qint64 PgWriter::queuedWeight() const
{
    std::lock_guard lock(m_worker.mutex());
    return m_queue.weight();
}

void PgWriter::run(const QString &connectionName)
{
    {
        QSqlDatabase db = QSqlDatabase::database(connectionName, false);
        PgTransaction tx(db, PgConnection::underQt(db, m_address.display()), m_clock);
        std::vector<Job> batch;
        while (true) {
            {
                std::unique_lock lock(m_worker.mutex());
                m_worker.wait(lock, [this] { return !m_queue.empty(); });
                if (m_queue.empty())
                    break; // stopping, and everything queued has been written
                batch = m_queue.take(m_options.maxBatchWeight);
            }
            runBatch(tx, batch);
            batch.clear(); // what the jobs hold goes now, not when the next batch comes
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connectionName);
}

void PgWriter::runBatch(PgTransaction &tx, std::vector<Job> &jobs)
{
    // Told in commit order, on this thread, once COMMIT returned: durable, with synchronous_commit on.
    const auto finish = [this, &jobs](const Status &status) {
        if (!status && status.error().outOfSpace)
            m_space.failed(status.error().message);
        for (Job &job : jobs) {
            if (job.done)
                job.done(status);
        }
    };
    const auto rollback = [&tx] { (void)tx.native().exec("ROLLBACK"); }; // a failed one leaves nothing open

    if (Status ok = tx.native().exec("BEGIN"); !ok) {
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
        if (Status committed = tx.native().exec("COMMIT"); !committed) {
            rollback();
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
    rollback();
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
