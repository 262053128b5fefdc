#include "HttpClient.h"

#include <QElapsedTimer>

#include <nlohmann/json.hpp>

namespace test {

QByteArray HttpResponse::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QByteArray HttpResponse::json(const char *key) const
{
    const nlohmann::json doc = nlohmann::json::parse(body.constBegin(), body.constEnd(), nullptr, false);
    if (!doc.is_object() || !doc.contains(key))
        return {};
    const nlohmann::json &v = doc[key];
    return QByteArray::fromStdString(v.is_string() ? v.get<std::string>() : v.dump());
}

HttpClient::HttpClient(quint16 port) : m_socket(std::make_unique<QTcpSocket>())
{
    m_socket->connectToHost(QStringLiteral("127.0.0.1"), port);
    m_socket->waitForConnected(5000);
}

HttpClient::~HttpClient() = default;

bool HttpClient::isConnected() const
{
    return m_socket->state() == QAbstractSocket::ConnectedState;
}

void HttpClient::send(const QByteArray &bytes)
{
    m_socket->write(bytes);
    m_socket->waitForBytesWritten(5000);
}

bool HttpClient::fill(int timeoutMs)
{
    if (m_socket->bytesAvailable() == 0 && !m_socket->waitForReadyRead(timeoutMs))
        return false;
    m_buffer += m_socket->readAll();
    return true;
}

HttpResponse HttpClient::read(int timeoutMs, bool skipInterim)
{
    QElapsedTimer timer;
    timer.start();
    HttpResponse response;
    qsizetype headEnd;
    while ((headEnd = m_buffer.indexOf("\r\n\r\n")) < 0) {
        if (timer.elapsed() > timeoutMs || !fill(int(qMax<qint64>(1, timeoutMs - timer.elapsed()))))
            return response;
    }
    const QList<QByteArray> lines = m_buffer.left(headEnd).split('\n');
    const QList<QByteArray> statusLine = lines.first().trimmed().split(' ');
    response.status = statusLine.size() > 1 ? statusLine[1].toInt() : 0;
    qsizetype length = 0;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        response.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
        if (line.left(colon).trimmed().compare("content-length", Qt::CaseInsensitive) == 0)
            length = line.mid(colon + 1).trimmed().toLongLong();
    }
    m_buffer.remove(0, headEnd + 4);
    while (m_buffer.size() < length) {
        if (timer.elapsed() > timeoutMs || !fill(int(qMax<qint64>(1, timeoutMs - timer.elapsed())))) {
            response.status = 0;
            return response;
        }
    }
    response.body = m_buffer.left(length);
    m_buffer.remove(0, length);
    if (response.status == 100 && skipInterim)
        return read(timeoutMs); // an interim answer; the real one follows
    return response;
}

bool HttpClient::waitClosed(int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (m_socket->state() == QAbstractSocket::ConnectedState && timer.elapsed() < timeoutMs) {
        m_socket->waitForReadyRead(50);
        m_buffer += m_socket->readAll();
    }
    return m_socket->state() != QAbstractSocket::ConnectedState;
}

QByteArray HttpClient::request(const QByteArray &method, const QByteArray &path, const QByteArray &body,
                               const QList<QByteArray> &headers)
{
    QByteArray bytes = method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (const QByteArray &h : headers)
        bytes += h + "\r\n";
    if (method == "POST")
        bytes += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    bytes += "\r\n" + body;
    return bytes;
}

HttpResponse HttpClient::post(const QByteArray &path, const QByteArray &body, const QList<QByteArray> &headers)
{
    send(request("POST", path, body, headers));
    return read();
}

HttpResponse HttpClient::get(const QByteArray &path, const QList<QByteArray> &headers)
{
    send(request("GET", path, {}, headers));
    return read();
}

} // namespace test
