#pragma once
// A blocking HTTP/1.1 client over one TCP connection, for tests: it sends exactly the bytes it is given, so
// tests can speak well-formed HTTP, half of it, or garbage. Usable from any thread (no event loop needed).

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QTcpSocket>

#include <memory>

namespace test {

struct HttpResponse {
    int status = 0; // 0: no response (closed or timed out)
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(const QByteArray &name) const;
    // The body as JSON; null when it is not JSON.
    QByteArray json(const char *key) const;
};

class HttpClient {
public:
    explicit HttpClient(quint16 port);
    ~HttpClient();

    bool isConnected() const;
    void send(const QByteArray &bytes);
    // Reads one response (status line, headers, Content-Length body); interim 1xx answers are skipped
    // unless asked for.
    HttpResponse read(int timeoutMs = 10000, bool skipInterim = true);
    // True once the server has closed the connection (waits up to timeoutMs).
    bool waitClosed(int timeoutMs = 5000);

    HttpResponse post(const QByteArray &path, const QByteArray &body, const QList<QByteArray> &headers);
    HttpResponse get(const QByteArray &path, const QList<QByteArray> &headers);

    static QByteArray request(const QByteArray &method, const QByteArray &path, const QByteArray &body,
                              const QList<QByteArray> &headers);

private:
    bool fill(int timeoutMs);

    std::unique_ptr<QTcpSocket> m_socket;
    QByteArray m_buffer;
};

} // namespace test
