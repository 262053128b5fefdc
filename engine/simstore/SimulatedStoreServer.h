#pragma once
// The simulated store's HTTP side, on its own thread: authentication and the rate limit, the modes, the
// control route, and the two APIs' renderings (SpreeApiV1, SpreeApiV3). See SimulatedStore.h.

#include "SimulatedStore.h"

#include <QAbstractHttpServer>
#include <QTimer>

#include <map>
#include <string>

class QTcpServer;

namespace engine::sim {

struct ApiAnswer;

class SimulatedStoreServer : public QAbstractHttpServer {
    Q_OBJECT
public:
    SimulatedStoreServer(SimulatedStore &store, QObject *parent = nullptr);
    ~SimulatedStoreServer() override;

    Result<quint16> listen(const QHostAddress &address, quint16 port);
    // Down: stop listening and cut every connection; up again on the same port.
    void setDown(bool down);
    void backToNormalIn(int seconds);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    ApiAnswer api(const QHttpServerRequest &request);
    ApiAnswer control(const QHttpServerRequest &request);
    void send(QTcpSocket *socket, const ApiAnswer &answer, bool html = false);

    SimulatedStore &m_store;
    QTcpServer *m_tcp = nullptr;
    QHostAddress m_address;
    quint16 m_port = 0;
    QTimer m_pace;    // the store's own life
    QTimer m_restore; // back to normal after a timed mode
    // v3's rate limit: the window's start and the requests in it, per key.
    std::map<std::string, std::pair<qint64, int>> m_window;
};

} // namespace engine::sim
