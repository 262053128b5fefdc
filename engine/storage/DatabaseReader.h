#pragma once
// A thread with its own read connection, for queries that must not run on the thread that wants their
// answer (the window's, the push server's). Jobs run one at a time, in order; a job hands its result back
// to the asking thread itself (QMetaObject::invokeMethod with a context object).

#include "core/Result.h"
#include "core/Worker.h"

#include <QString>

#include <deque>
#include <functional>

namespace engine {

class ReadConnection;

class DatabaseReader {
public:
    using Work = std::function<void(ReadConnection &)>;

    explicit DatabaseReader(QString path);
    ~DatabaseReader();

    // Opens the connection on the reader thread. The database must exist (the writer creates it).
    Status start();
    // Drops what is queued, abandons the read that runs (its statement ends with an "interrupted" error),
    // then closes and joins: nobody waits for a read's answer once its reader stops, and quitting must not
    // wait for a count over a million rows.
    void stop();
    // Thread-safe. Dropped (never run) after stop().
    void post(Work work);

private:
    void run(ReadConnection &connection);

    QString m_path;
    Worker m_worker;
    // Under m_worker.mutex():
    std::deque<Work> m_queue;
    ReadConnection *m_connection = nullptr; // while the thread runs, for stop() to abandon its read
    bool m_accepting = false;
};

} // namespace engine
