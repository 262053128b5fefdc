#pragma once
// Hands work from any thread to a QObject's thread, and drops it once that object is gone: the object
// calls close() in its destructor, after which posted work is never run. Thread-safe.
//
// The work itself waits in a queue of our own under a std::mutex, and Qt's event queue only carries the
// call to drain it, by name: what crosses threads is ordered by a lock ThreadSanitizer sees (Qt's own are
// not instrumented in Debian's build), and nothing of ours is copied inside Qt's templates on the way.

#include <QObject>

#include <deque>
#include <functional>
#include <mutex>

namespace engine {

class Mailbox {
public:
    // On the target's thread; the target must outlive nothing it shares the mailbox with but its own
    // destructor's close(), and keeps the mailbox alive (a shared_ptr) as long as it lives.
    explicit Mailbox(QObject *target);

    void post(std::function<void()> work);
    // From the target's destructor, on its thread.
    void close();

private:
    class Receiver;
    void drain();

    std::mutex m_mutex;
    bool m_open = true;
    std::deque<std::function<void()>> m_work;
    Receiver *m_receiver; // a child of the target: lives on its thread and dies with it
};

} // namespace engine
