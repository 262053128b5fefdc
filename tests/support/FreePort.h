#pragma once
// A loopback port nobody listens on just now, for a child process to listen on. Tests run side by side:
// none may take the default port, which a running Integrator (or another test) may hold.

#include <QHostAddress>
#include <QTcpServer>

namespace test {

inline quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

} // namespace test
