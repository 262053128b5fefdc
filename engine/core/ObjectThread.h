#pragma once
// A thread of its own for objects that must live on it (an HTTP server and its sockets): they are made,
// used and deleted there, each time while the calling thread waits for it. The push API, the simulated
// store and the demo's endpoints each run their server on one.

#include "Result.h"

#include <QThread>

#include <functional>

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
    // Runs `work` there and waits for it; nothing when the thread is not running.
    void run(const std::function<void()> &work) const;
    // Runs `destroy` there, waits, and ends the thread; nothing when it is not running.
    void stop(const std::function<void()> &destroy = {});

private:
    QThread m_thread;
    QObject *m_anchor = nullptr; // lives on m_thread, to run code there
};

} // namespace engine
