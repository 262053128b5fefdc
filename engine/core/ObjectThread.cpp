#include "ObjectThread.h"

namespace engine {

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
    m_thread.start();
    m_anchor = new QObject;
    m_anchor->moveToThread(&m_thread);
    Status status;
    run([&] { status = make(); });
    if (!status)
        stop();
    return status;
}

void ObjectThread::run(const std::function<void()> &work) const
{
    if (m_anchor)
        QMetaObject::invokeMethod(m_anchor, work, Qt::BlockingQueuedConnection);
}

void ObjectThread::stop(const std::function<void()> &destroy)
{
    if (!isRunning())
        return;
    run([&] {
        if (destroy)
            destroy();
        m_anchor->deleteLater(); // deleted as the thread finishes
    });
    m_anchor = nullptr;
    m_thread.quit();
    m_thread.wait();
}

} // namespace engine
