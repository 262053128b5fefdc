#include "DemoEndpoints.h"

#include "core/Json.h"

#include <QAbstractHttpServer>
#include <QHttpServerRequest>
#include <QTcpServer>
#include <QTcpSocket>

namespace engine::demo {

namespace {

// What the demo's endpoints say a delivery was about: "order R123456789", "shipment H12345678901".
std::string aboutOf(const Json &payload)
{
    for (const char *noun : {"shipment", "order", "user", "product"}) {
        const auto it = payload.find(noun);
        if (it == payload.end() || !it->is_object())
            continue;
        for (const char *key : {"number", "email", "sku", "id"}) {
            if (const auto v = it->find(key); v != it->end() && (v->is_string() || v->is_number()))
                return std::string(noun) + ' ' + (v->is_string() ? v->get<std::string>() : v->dump());
        }
        return noun;
    }
    return "the message";
}

} // namespace

class DemoEndpointServer : public QAbstractHttpServer {
public:
    explicit DemoEndpointServer(DemoEndpoints &endpoints) : m_endpoints(endpoints) {}

    Status listen()
    {
        const DemoEndpoints::Options &o = m_endpoints.m_options;
        m_tcp = new QTcpServer(this);
        m_shipping = new QTcpServer(this);
        if (!m_tcp->listen(o.address, 0) || !m_shipping->listen(o.address, 0))
            return runtimeError(QStringLiteral("the demo's endpoints cannot listen: %1")
                                    .arg(m_tcp->isListening() ? m_shipping->errorString() : m_tcp->errorString()));
        m_endpoints.m_port = m_tcp->serverPort();
        m_endpoints.m_shippingPort = m_shipping->serverPort();
        bind(m_tcp);
        bind(m_shipping);
        new sim::OutageTimer(
            o.outages, [this](bool down) { setShippingDown(down); }, this);
        return {};
    }

    // Down: refuse new connections and cut the open ones; up again on the same port.
    void setShippingDown(bool down)
    {
        m_endpoints.m_shippingDown.store(down);
        if (down) {
            m_shipping->close();
            for (QTcpSocket *socket : findChildren<QTcpSocket *>()) {
                if (socket->localPort() == m_endpoints.m_shippingPort)
                    socket->abort();
            }
        } else if (!m_shipping->isListening()) {
            m_shipping->listen(m_endpoints.m_options.address, m_endpoints.m_shippingPort);
        }
    }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override
    {
        const bool shipping = socket->localPort() == m_endpoints.m_shippingPort;
        if (shipping && m_endpoints.m_shippingDown.load()) {
            socket->abort();
            return true;
        }
        const QString path = request.url().path();
        DemoEndpoints::Which which = DemoEndpoints::Which::Shipping;
        if (!shipping) {
            if (path.startsWith(QLatin1String("/warehouse")))
                which = DemoEndpoints::Which::Warehouse;
            else if (path.startsWith(QLatin1String("/accounting")))
                which = DemoEndpoints::Which::Accounting;
            else
                return send(socket, 404, {{"error", "no such endpoint here"}});
        }
        if (request.method() != QHttpServerRequest::Method::Post)
            return send(socket, 405, {{"error", "POST a message here"}});
        const QByteArray body = request.body();
        const Json json = Json::parse(body.constBegin(), body.constEnd(), nullptr, false);
        if (!json.is_object() || !json.contains("message_id"))
            return send(socket, 400, {{"error", "not a message from the hub"}});
        const qint64 n = ++m_endpoints.m_answered[int(which)];
        const std::string about = aboutOf(json.value("payload", Json::object()));

        if (which == DemoEndpoints::Which::Accounting && m_endpoints.m_options.failEvery > 0 &&
            n % m_endpoints.m_options.failEvery == 0)
            return send(socket, 500,
                        {{"error", "the ledger is locked while the month is closed; " + about + " was not booked"}});
        const char *whose = which == DemoEndpoints::Which::Warehouse    ? "the warehouse"
                            : which == DemoEndpoints::Which::Accounting ? "accounting"
                                                                        : "the carrier";
        return send(socket, 200,
                    {{"message_id", json["message_id"]},
                     {"notifications", Json::array({{{"level", "info"},
                                                     {"subject", about + " received by " + whose},
                                                     {"description", "A demo endpoint of Integrator's own."}}})}});
    }

    void missingHandler(const QHttpServerRequest &, QTcpSocket *socket) override
    {
        send(socket, 404, {{"error", "no such endpoint here"}});
    }

private:
    bool send(QTcpSocket *socket, int status, const Json &json)
    {
        const QByteArray body = QByteArray::fromStdString(json.dump());
        const char *reason = status == 200 ? "OK" : status == 500 ? "Internal Server Error" : "Bad Request";
        QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
        out += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n";
        socket->write(out + body);
        return true;
    }

    DemoEndpoints &m_endpoints;
    QTcpServer *m_tcp = nullptr;
    QTcpServer *m_shipping = nullptr;
};

DemoEndpoints::DemoEndpoints(Options options) : m_options(std::move(options)) {}

DemoEndpoints::~DemoEndpoints()
{
    stop();
}

Status DemoEndpoints::start()
{
    return m_thread.start([this]() -> Status {
        m_server = new DemoEndpointServer(*this);
        if (Status ok = m_server->listen(); !ok) {
            delete m_server;
            m_server = nullptr;
            return ok;
        }
        return {};
    });
}

void DemoEndpoints::stop()
{
    m_thread.stop([this] {
        delete m_server;
        m_server = nullptr;
    });
}

void DemoEndpoints::setShippingDown(bool down)
{
    m_thread.run([this, down] {
        if (m_server)
            m_server->setShippingDown(down);
    });
}

QString DemoEndpoints::url(Which which) const
{
    switch (which) {
    case Which::Warehouse:
        return QStringLiteral("http://127.0.0.1:%1/warehouse").arg(m_port);
    case Which::Accounting:
        return QStringLiteral("http://127.0.0.1:%1/accounting").arg(m_port);
    case Which::Shipping:
        break;
    }
    return QStringLiteral("http://127.0.0.1:%1").arg(m_shippingPort);
}

} // namespace engine::demo
