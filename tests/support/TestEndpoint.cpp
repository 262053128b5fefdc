#include "TestEndpoint.h"

#include <QDateTime>
#include <QFile>
#include <QPointer>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <nlohmann/json.hpp>

namespace test {

QByteArray TestEndpoint::Received::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QByteArray TestEndpoint::Received::json(const char *key) const
{
    const nlohmann::json doc = nlohmann::json::parse(body.constBegin(), body.constEnd(), nullptr, false);
    if (!doc.is_object() || !doc.contains(key))
        return {};
    return QByteArray::fromStdString(doc[key].dump());
}

// Lives on the endpoint's thread: accepts connections and answers each request in turn.
class TestEndpointServer : public QObject {
public:
    TestEndpointServer(TestEndpoint *owner, bool tls, const QString &certificate, const QString &key) : m_owner(owner)
    {
        if (tls) {
            auto *server = new QSslServer(this);
            QSslConfiguration config = QSslConfiguration::defaultConfiguration();
            QFile certFile(certificate), keyFile(key);
            certFile.open(QIODevice::ReadOnly);
            keyFile.open(QIODevice::ReadOnly);
            config.setLocalCertificate(QSslCertificate(&certFile, QSsl::Pem));
            config.setPrivateKey(QSslKey(&keyFile, QSsl::Rsa, QSsl::Pem));
            config.setPeerVerifyMode(QSslSocket::VerifyNone);
            server->setSslConfiguration(config);
            m_server = server;
            connect(server, &QSslServer::pendingConnectionAvailable, this, &TestEndpointServer::accept);
        } else {
            m_server = new QTcpServer(this);
            connect(m_server, &QTcpServer::newConnection, this, &TestEndpointServer::accept);
        }
        m_server->listen(QHostAddress::LocalHost, 0);
    }

    quint16 port() const { return m_server->serverPort(); }

private:
    struct Connection {
        QByteArray buffer;
        bool busy = false; // an answer is on its way; later requests wait
    };

    void accept()
    {
        while (QTcpSocket *socket = m_server->nextPendingConnection()) {
            m_connections[socket] = Connection{};
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { read(socket); });
            connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
                m_connections.erase(socket);
                socket->deleteLater();
            });
        }
    }

    void read(QTcpSocket *socket)
    {
        auto it = m_connections.find(socket);
        if (it == m_connections.end())
            return;
        it->second.buffer += socket->readAll();
        serve(socket);
    }

    void serve(QTcpSocket *socket)
    {
        auto it = m_connections.find(socket);
        if (it == m_connections.end() || it->second.busy)
            return;
        QByteArray &buffer = it->second.buffer;
        const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
        if (headEnd < 0)
            return;
        const QList<QByteArray> lines = buffer.left(headEnd).split('\n');
        const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
        TestEndpoint::Received received;
        received.method = requestLine.value(0);
        received.path = requestLine.value(1);
        qsizetype length = 0;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines[i].trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            received.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
            if (line.left(colon).trimmed().compare("content-length", Qt::CaseInsensitive) == 0)
                length = line.mid(colon + 1).trimmed().toLongLong();
        }
        if (buffer.size() < headEnd + 4 + length)
            return;
        received.body = buffer.mid(headEnd + 4, length);
        buffer.remove(0, headEnd + 4 + length);
        received.atMs = QDateTime::currentMSecsSinceEpoch();
        const QByteArray path =
            received.path.left(received.path.indexOf('?') < 0 ? received.path.size() : received.path.indexOf('?'));
        int answering = 1; // this one, and those on other connections still waiting for their answer
        for (const auto &[other, connection] : m_connections)
            answering += connection.busy ? 1 : 0;
        received.answering = answering;
        m_owner->record(received);
        const TestEndpoint::Answer answer = m_owner->next(path);
        if (answer.hang) {
            it->second.busy = true; // never answers; the client must give up
            return;
        }
        it->second.busy = true;
        QPointer<QTcpSocket> guarded(socket);
        auto respond = [this, guarded, answer] {
            if (!guarded)
                return;
            QByteArray response = "HTTP/1.1 " + QByteArray::number(answer.status) + " Answer\r\n";
            for (const auto &[name, value] : answer.headers)
                response += name + ": " + value + "\r\n";
            const QByteArray body = answer.hugeBytes > 0 ? QByteArray(answer.hugeBytes, 'x') : answer.body;
            response +=
                "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n";
            guarded->write(response);
            guarded->write(body);
            auto it = m_connections.find(guarded.data());
            if (it != m_connections.end()) {
                it->second.busy = false;
                serve(guarded.data()); // a request that came meanwhile
            }
        };
        if (answer.delayMs > 0)
            QTimer::singleShot(answer.delayMs, this, respond);
        else
            respond();
    }

    TestEndpoint *m_owner;
    QTcpServer *m_server;
    std::map<QTcpSocket *, Connection> m_connections;
};

TestEndpoint::TestEndpoint(const QString &certificate, const QString &key)
    : m_thread(std::make_unique<engine::ObjectThread>(QStringLiteral("test-endpoint"))), m_tls(!certificate.isEmpty())
{
    (void)m_thread->start([this, certificate, key]() -> engine::Status {
        auto *server = new TestEndpointServer(this, m_tls, certificate, key);
        m_server = server;
        m_port = server->port();
        return {};
    });
}

TestEndpoint::~TestEndpoint()
{
    m_thread->stop([this] { delete m_server; });
}

QString TestEndpoint::url() const
{
    return QStringLiteral("%1://127.0.0.1:%2")
        .arg(m_tls ? QStringLiteral("https") : QStringLiteral("http"))
        .arg(m_port);
}

void TestEndpoint::answer(const QByteArray &path, const Answer &answer)
{
    std::lock_guard lock(m_mutex);
    m_answers[path] = answer;
}

void TestEndpoint::answerNext(const QByteArray &path, std::vector<Answer> answers)
{
    std::lock_guard lock(m_mutex);
    for (Answer &a : answers)
        m_nextAnswers[path].push_back(std::move(a));
}

void TestEndpoint::answerAll(const Answer &answer)
{
    std::lock_guard lock(m_mutex);
    m_default = answer;
}

TestEndpoint::Answer TestEndpoint::next(const QByteArray &path)
{
    std::lock_guard lock(m_mutex);
    auto queued = m_nextAnswers.find(path);
    if (queued != m_nextAnswers.end() && !queued->second.empty()) {
        Answer a = queued->second.front();
        queued->second.pop_front();
        return a;
    }
    auto fixed = m_answers.find(path);
    return fixed != m_answers.end() ? fixed->second : m_default;
}

void TestEndpoint::record(Received received)
{
    {
        std::lock_guard lock(m_mutex);
        m_mostAnswering = std::max(m_mostAnswering, received.answering);
        m_received.push_back(std::move(received));
    }
    m_arrived.notify_all();
}

int TestEndpoint::mostAnswering() const
{
    std::lock_guard lock(m_mutex);
    return m_mostAnswering;
}

std::vector<TestEndpoint::Received> TestEndpoint::received() const
{
    std::lock_guard lock(m_mutex);
    return m_received;
}

std::vector<TestEndpoint::Received> TestEndpoint::received(const QByteArray &path) const
{
    std::vector<Received> matching;
    std::lock_guard lock(m_mutex);
    for (const Received &r : m_received) {
        if (r.path == path)
            matching.push_back(r);
    }
    return matching;
}

bool TestEndpoint::waitFor(int count, int timeoutMs, const QByteArray &path)
{
    std::unique_lock lock(m_mutex);
    return m_arrived.wait_for(lock, std::chrono::milliseconds(timeoutMs), [&] {
        if (path.isEmpty())
            return int(m_received.size()) >= count;
        int n = 0;
        for (const Received &r : m_received)
            n += r.path == path ? 1 : 0;
        return n >= count;
    });
}

void TestEndpoint::clear()
{
    std::lock_guard lock(m_mutex);
    m_received.clear();
    m_mostAnswering = 0;
}

} // namespace test
