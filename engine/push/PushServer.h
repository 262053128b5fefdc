#pragma once
// Runs the push API on a thread of its own: creates the server there, listens, and on stop() closes every
// connection and joins. Created, started and stopped on one thread (the engine's owner's).

#include "PushHttpServer.h"
#include "core/ObjectThread.h"

namespace engine {

class PushServer {
public:
    PushServer(const PushHttpServer::Options &options, const PushHttpServer::Parts &parts);
    ~PushServer();

    Status start();
    void stop();

    // The port it listens on (the one asked for, or the one the system chose for port 0).
    quint16 port() const { return m_port; }
    // Client connections open now, and accepted since start; block briefly while the server's thread answers.
    int openConnections() const;
    qint64 acceptedConnections() const;

private:
    PushHttpServer::Options m_options;
    PushHttpServer::Parts m_parts;
    ObjectThread m_thread{QStringLiteral("push-api")};
    PushHttpServer *m_server = nullptr; // lives on m_thread
    quint16 m_port = 0;
};

} // namespace engine
