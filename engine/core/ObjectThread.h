#pragma once
// A thread of its own for objects that must live on it (an HTTP server and its sockets): they are made,
// used and deleted there, each time while the calling thread waits for it. The push API, the simulated
// store, the demo's endpoints and the tests' endpoints each run their server on one.
//
// The work crosses under a std::mutex of our own, and Qt's blocking queued call only carries the call to run
// it, by name: what the caller made is ordered before the work, and what the work made before the caller
// goes on, by a lock ThreadSanitizer sees (Qt's own are not instrumented in Debian's build).

#include "Result.h"

#include <QThread>

#include <functional>
#include <mutex>

namespace engine {

class ObjectThread {
public:
    explicit ObjectThread(const QString &name);
    ~ObjectThread(); // stop()
    ObjectThread(const ObjectThread &) = delete;
    ObjectThread &operator=(const ObjectThread &) = delete;

    bool isRunning() const { return m_anchor != nullptr; }
    // Starts the thread and runs `make` there. When it fails (having cleaned up after itself), the thread
    // ends again and its error is returned.
    Status start(const std::function<Status()> &make);
    // Runs `work` there and waits for it; nothing when the thread is not running. Callers on several threads
    // take turns.
    void run(const std::function<void()> &work) const;
    // Runs `destroy` there, waits, and ends the thread; nothing when it is not running.
    void stop(const std::function<void()> &destroy = {});

private:
    class Anchor;

    QThread m_thread;
    Anchor *m_anchor = nullptr;   // lives on m_thread, to run code there
    mutable std::mutex m_calling; // held through a call to run(): one work handed over at a time
    mutable std::mutex m_mutex;
    mutable const std::function<void()> *m_work = nullptr; // what the anchor runs next, under m_mutex
};

} // namespace engine
