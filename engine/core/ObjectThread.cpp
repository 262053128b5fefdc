#include "ObjectThread.h"

#include <QMetaObject>

namespace engine {

// Runs the work handed over on the thread. Q_INVOKABLE, so that it is invoked by name.
class ObjectThread::Anchor : public QObject {
    Q_OBJECT
public:
    explicit Anchor(const ObjectThread *owner) : m_owner(owner) {}
    Q_INVOKABLE void runWork()
    {
        const std::function<void()> *work = nullptr;
        {
            std::lock_guard lock(m_owner->m_mutex);
            work = std::exchange(m_owner->m_work, nullptr);
        }
        if (work)
            (*work)();
        // Taken again so that what the work made is ordered before the caller, which takes it after.
        std::lock_guard lock(m_owner->m_mutex);
    }

private:
    const ObjectThread *m_owner;
};

ObjectThread::ObjectThread(const QString &name)
{
    m_thread.setObjectName(name);
}

ObjectThread::~ObjectThread()
{
    stop();
}

Status ObjectThread::start(const std::function<Status()> &make)
{
    if (isRunning())
        return {};
    // Made before the thread starts, so that the thread's start orders it before anything there.
    m_anchor = new Anchor(this);
    m_anchor->moveToThread(&m_thread);
    m_thread.start();
    Status status;
    run([&] { status = make(); });
    if (!status)
        stop();
    return status;
}

void ObjectThread::run(const std::function<void()> &work) const
{
    if (!m_anchor)
        return;
    std::lock_guard turn(m_calling);
    {
        std::lock_guard lock(m_mutex);
        m_work = &work;
    }
    QMetaObject::invokeMethod(m_anchor, "runWork", Qt::BlockingQueuedConnection);
    std::lock_guard lock(m_mutex); // see Anchor::runWork
}

void ObjectThread::stop(const std::function<void()> &destroy)
{
    if (!isRunning())
        return;
    if (destroy)
        run(destroy);
    m_thread.quit();
    m_thread.wait();
    // Here, once the thread has finished: then nothing there uses it any more, and the delete is ordered
    // after this thread's last call to it (ThreadSanitizer cannot see Qt's join).
    delete std::exchange(m_anchor, nullptr);
}

} // namespace engine

#include "ObjectThread.moc"
