#pragma once
// The demo's three endpoints, served by the application itself on a thread of its own, each showing one
// way a real endpoint behaves:
//   warehouse   http://127.0.0.1:P/warehouse   takes every delivery
//   accounting  http://127.0.0.1:P/accounting  fails one delivery in `failEvery` with a JSON error (500)
//   shipping    http://127.0.0.1:Q/            on a port of its own, which goes down (refusing connections)
//                                              as `outages` says: its circuit opens, its alert is raised,
//                                              and both end when it is back
// A success answers as the hub's endpoints do (../shared/messages/endpoint-reply.json), with a notification.

#include "core/ObjectThread.h"
#include "core/Result.h"
#include "simstore/OutageSchedule.h"

#include <QHostAddress>
#include <QString>

#include <atomic>

namespace engine::demo {

class DemoEndpointServer;

class DemoEndpoints {
public:
    struct Options {
        QHostAddress address = QHostAddress::LocalHost;
        int failEvery = 5;
        sim::OutageSchedule outages{.afterS = 45, .forS = 60, .everyS = 240};
    };
    enum class Which { Warehouse, Accounting, Shipping };

    explicit DemoEndpoints(Options options);
    ~DemoEndpoints();
    DemoEndpoints(const DemoEndpoints &) = delete;
    DemoEndpoints &operator=(const DemoEndpoints &) = delete;

    Status start();
    void stop();

    QString url(Which which) const;
    // Deliveries each has answered (successes and failures alike), and whether shipping is down now.
    qint64 answered(Which which) const { return m_answered[int(which)].load(); }
    bool shippingDown() const { return m_shippingDown.load(); }
    // Takes shipping down or brings it back now, whatever its schedule says (until its next outage).
    void setShippingDown(bool down);

private:
    friend class DemoEndpointServer;

    Options m_options;
    ObjectThread m_thread{QStringLiteral("demo-endpoints")};
    DemoEndpointServer *m_server = nullptr; // lives on m_thread
    quint16 m_port = 0, m_shippingPort = 0;
    std::atomic<qint64> m_answered[3] = {0, 0, 0};
    std::atomic<bool> m_shippingDown{false};
};

} // namespace engine::demo
