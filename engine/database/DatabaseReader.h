#pragma once
// A thread with its own read connection, for queries that must not run on the thread that wants their
// answer (the window's, the push server's). Jobs run one at a time, in order; a job hands its result back
// to the asking thread itself (QMetaObject::invokeMethod with a context object).

#include "core/Result.h"

#include <QString>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace engine {

class Connection;

class DatabaseReader {
public:
    using Work = std::function<void(Connection &)>;

    explicit DatabaseReader(QString path);
    ~DatabaseReader();

    // Opens the connection on the reader thread. The database must exist (the writer creates it).
    Status start();
    // Runs what is queued, then closes and joins.
    void stop();
    // Thread-safe. Dropped (never run) after stop().
    void post(Work work);

private:
    void run(Connection &connection);

    QString m_path;
    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Work> m_queue;
    bool m_stopping = false;
    bool m_accepting = false;
};

} // namespace engine
