#pragma once
// A real HTTP/1.1 endpoint for tests, on a thread of its own: it records every request and answers as told
// per path — any status, any JSON, slowly, never (hang), or with a huge body — over kept-alive connections,
// optionally over TLS. Thread-safe.

#include "core/ObjectThread.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

class QObject;

namespace test {

class TestEndpoint {
public:
    struct Answer {
        int status = 200;
        QByteArray body = "{}";
        int delayMs = 0;
        bool hang = false;    // never answer
        qint64 hugeBytes = 0; // answer with this many bytes of body instead
        QList<QPair<QByteArray, QByteArray>> headers;
    };
    struct Received {
        QByteArray method;
        QByteArray path;
        QList<QPair<QByteArray, QByteArray>> headers;
        QByteArray body;
        qint64 atMs = 0;
        int answering = 0; // requests it was answering when this one came, this one included

        QByteArray header(const QByteArray &name) const;
        QByteArray json(const char *key) const; // a top-level key of the body, as JSON text
    };

    // With `certificate` and `key` (PEM files) it speaks HTTPS.
    explicit TestEndpoint(const QString &certificate = QString(), const QString &key = QString());
    ~TestEndpoint();

    quint16 port() const { return m_port; }
    QString url() const;

    // What to answer on `path` (exact, without the query): always, or the next few times in order.
    void answer(const QByteArray &path, const Answer &answer);
    void answerNext(const QByteArray &path, std::vector<Answer> answers);
    void answerAll(const Answer &answer); // for paths with nothing more specific

    std::vector<Received> received() const;
    std::vector<Received> received(const QByteArray &path) const;
    // Waits until at least `count` requests have come to `path` (any path when empty).
    bool waitFor(int count, int timeoutMs = 10000, const QByteArray &path = QByteArray());
    void clear();
    // The most requests it was answering at once (each connection takes one at a time): what an endpoint's
    // concurrency limit bounds.
    int mostAnswering() const;

private:
    friend class TestEndpointServer;
    Answer next(const QByteArray &path);
    void record(Received received);

    std::unique_ptr<engine::ObjectThread> m_thread; // the server lives there
    QObject *m_server = nullptr;
    quint16 m_port = 0;
    bool m_tls = false;
    mutable std::mutex m_mutex;
    std::condition_variable m_arrived;
    std::vector<Received> m_received;
    int m_mostAnswering = 0;
    std::map<QByteArray, Answer> m_answers;
    std::map<QByteArray, std::deque<Answer>> m_nextAnswers;
    Answer m_default;
};

} // namespace test
