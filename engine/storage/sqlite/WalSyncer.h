#pragma once
// Makes the writer's commits durable on a thread of its own, so that the writer can go on to its next
// transaction while the disk works. The writing connection commits with synchronous=NORMAL, which writes
// the transaction to the write-ahead log without flushing it; this thread then flushes the log
// (fdatasync) and only after that runs the callbacks that acknowledge the transaction's jobs, in commit
// order. Nothing is acknowledged before it is on disk, exactly as with synchronous=FULL, and SQLite keeps
// the database consistent after a power cut either way (log frames are checksummed; every checkpoint
// still flushes). The one difference: other connections (the dispatcher, the window) may see a
// transaction up to one flush, a few milliseconds, before it is on disk. A power cut in that window can
// lose a message nobody was told is stored after a copy of it went out — a duplicate when the store
// sends it again, which at-least-once delivery allows. The fsync the writer used to wait for at each
// commit was a sixth of bench_fanout's time (+20% messages/s without it, same run).
//
// One flush covers every commit written before it began, so commits that queue behind a flush share the
// next one.

#include "core/Result.h"
#include "core/Worker.h"

#include <QString>

#include <functional>
#include <vector>

namespace engine {

class WalSyncer {
public:
    // Told whether what was committed before it is on disk.
    using Callback = std::function<void(const Status &durable)>;

    // `walPath`: the database's write-ahead log (the database's path with "-wal"); opened at the first flush.
    explicit WalSyncer(QString walPath);
    ~WalSyncer();

    void start();
    // Thread-safe. After everything committed before this call is flushed, runs `callback` on the syncer's
    // thread. With `flush` false the callback only keeps its place in line (an outcome that needs no flush,
    // such as a rollback), and is told success.
    void submit(Callback callback, bool flush = true);
    // Runs everything submitted, flushing as needed, and joins the thread.
    void stop();

private:
    struct Waiting {
        Callback callback;
        bool flush;
    };

    void run();
    Status flush();

    QString m_walPath;
    int m_fd = -1;
    Worker m_worker;
    std::vector<Waiting> m_queue; // under m_worker.mutex()
};

} // namespace engine
