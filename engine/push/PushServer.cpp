#include "PushServer.h"

namespace engine {

PushServer::PushServer(const PushHttpServer::Options &options, const PushHttpServer::Parts &parts)
    : m_options(options), m_parts(parts)
{
}

PushServer::~PushServer()
{
    stop();
}

Status PushServer::start()
{
    return m_thread.start([this]() -> Status {
        m_server = new PushHttpServer(m_options, m_parts);
        Result<quint16> port = m_server->start();
        if (!port) {
            delete m_server;
            m_server = nullptr;
            return port.error();
        }
        m_port = *port;
        return {};
    });
}

void PushServer::stop()
{
    // Deleting the server on its thread closes the listening socket and every connection with it; replies
    // still on their way are dropped (what they acknowledge is stored all the same).
    m_thread.stop([this] {
        delete m_server;
        m_server = nullptr;
    });
}

int PushServer::openConnections() const
{
    int count = 0;
    m_thread.run([this, &count] { count = m_server ? m_server->openConnections() : 0; });
    return count;
}

qint64 PushServer::acceptedConnections() const
{
    qint64 count = 0;
    m_thread.run([this, &count] { count = m_server ? m_server->acceptedConnections() : 0; });
    return count;
}

} // namespace engine
