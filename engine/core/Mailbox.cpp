#include "Mailbox.h"

#include <QMetaObject>

namespace engine {

// Receives the call to drain on the target's thread. Q_INVOKABLE, so that it is invoked by name.
class Mailbox::Receiver : public QObject {
    Q_OBJECT
public:
    Receiver(Mailbox *mailbox, QObject *target) : QObject(target), m_mailbox(mailbox) {}
    Q_INVOKABLE void drain() { m_mailbox->drain(); }

private:
    Mailbox *m_mailbox;
};

Mailbox::Mailbox(QObject *target) : m_receiver(new Receiver(this, target)) {}

void Mailbox::post(std::function<void()> work)
{
    std::lock_guard lock(m_mutex);
    if (!m_open)
        return;
    m_work.push_back(std::move(work));
    // One call drains all that came meanwhile.
    if (m_work.size() == 1)
        QMetaObject::invokeMethod(m_receiver, "drain", Qt::QueuedConnection);
}

void Mailbox::close()
{
    std::deque<std::function<void()>> dropped; // destroyed after the lock is let go
    std::lock_guard lock(m_mutex);
    m_open = false;
    dropped.swap(m_work);
}

void Mailbox::drain()
{
    std::deque<std::function<void()>> work;
    {
        std::lock_guard lock(m_mutex);
        work.swap(m_work);
    }
    for (const std::function<void()> &w : work)
        w();
}

} // namespace engine

#include "Mailbox.moc"
