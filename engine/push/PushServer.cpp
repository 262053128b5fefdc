#include "PushServer.h"

namespace engine {

PushServer::PushServer(const PushHttpServer::Options &options, const PushHttpServer::Parts &parts)
    : m_options(options), m_parts(parts)
{
    m_thread.setObjectName(QStringLiteral("push-api"));
}

PushServer::~PushServer()
{
    stop();
}

Status PushServer::start()
{
    if (m_thread.isRunning())
        return {};
    m_thread.start();
    m_anchor = new QObject;
    m_anchor->moveToThread(&m_thread);
    Status status;
    QMetaObject::invokeMethod(
        m_anchor,
        [this, &status] {
            m_server = new PushHttpServer(m_options, m_parts);
            Result<quint16> port = m_server->start();
            if (port) {
                m_port = *port;
            } else {
                status = port.error();
                delete m_server;
                m_server = nullptr;
            }
        },
        Qt::BlockingQueuedConnection);
    if (!status)
        stop();
    return status;
}

void PushServer::stop()
{
    if (!m_thread.isRunning())
        return;
    // Deleting the server on its thread closes the listening socket and every connection with it; replies
    // still on their way are dropped (what they acknowledge is stored all the same).
    QMetaObject::invokeMethod(
        m_anchor,
        [this] {
            delete m_server;
            m_server = nullptr;
            m_anchor->deleteLater(); // deleted as the thread finishes
        },
        Qt::BlockingQueuedConnection);
    m_anchor = nullptr;
    m_thread.quit();
    m_thread.wait();
}

int PushServer::openConnections() const
{
    int count = 0;
    if (m_anchor) {
        QMetaObject::invokeMethod(
            m_anchor, [this, &count] { count = m_server ? m_server->openConnections() : 0; },
            Qt::BlockingQueuedConnection);
    }
    return count;
}

qint64 PushServer::acceptedConnections() const
{
    qint64 count = 0;
    if (m_anchor) {
        QMetaObject::invokeMethod(
            m_anchor, [this, &count] { count = m_server ? m_server->acceptedConnections() : 0; },
            Qt::BlockingQueuedConnection);
    }
    return count;
}

} // namespace engine
