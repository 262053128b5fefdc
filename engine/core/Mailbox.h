#pragma once
// Hands work from any thread to a QObject's thread, and drops it once that object is gone: the object
// calls close() in its destructor, after which posted work is never run. Thread-safe.

#include <QMetaObject>
#include <QObject>

#include <functional>
#include <memory>
#include <mutex>

namespace engine {

class Mailbox {
public:
    explicit Mailbox(QObject *target) : m_target(target) {}

    void post(std::function<void()> work)
    {
        std::lock_guard lock(m_mutex);
        if (m_target)
            QMetaObject::invokeMethod(m_target, std::move(work), Qt::QueuedConnection);
    }
    // From the target's destructor, on its thread.
    void close()
    {
        std::lock_guard lock(m_mutex);
        m_target = nullptr;
    }

private:
    std::mutex m_mutex;
    QObject *m_target;
};

} // namespace engine
