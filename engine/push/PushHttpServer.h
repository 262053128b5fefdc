#pragma once
// The push API (DESIGN §5) on QtHttpServer: routes, authentication, checks, and replies written once the
// messages are durable. Requests that arrive together share one commit: those checked in one turn of the
// event loop go to the writer as one job, and the writer commits all jobs waiting as one transaction. None is
// answered before its commit. Lives on the push server's thread.
//
//   POST /api/stores/{store}/messages          X-Hub-Access-Token (or the legacy X-Augury-Token)
//   POST /api/messages                         X-Hub-Store + X-Hub-Access-Token
//   GET  /api/stores/{store}/queues            counts by queue and state
//   GET  /api/stores/{store}/messages/{id}     a message and the state of each of its deliveries

#include "ConnectionGuard.h"
#include "HttpReply.h"
#include "PushTls.h"
#include "StoreCredentials.h"
#include "core/Mailbox.h"
#include "core/Result.h"
#include "ingest/IncomingMessage.h"

#include <QAbstractHttpServer>
#include <QHostAddress>
#include <QPointer>

#include <memory>
#include <vector>

class QTcpSocket;

namespace engine {

class ConfigWatcher;
class DatabaseReader;
class Writer;
class GuardedTcpServer;
class Ingest;
class PushRefusals;
class QueueCounts;

class PushHttpServer : public QAbstractHttpServer {
    Q_OBJECT
public:
    struct Options {
        QHostAddress address = QHostAddress::LocalHost;
        quint16 port = 8420;
        int maxConnections = 1000;
        int maxBatch = 1000;
        // Messages waiting for the writer beyond which pushes are answered 503, so a flood cannot take all memory.
        qint64 maxQueuedMessages = 20000;
        ConnectionGuard::Limits limits;
        // With both files, HTTPS only.
        PushTls::Files tls;
    };
    struct Parts {
        Ingest &ingest;
        Writer &writer;
        QueueCounts &counts;
        DatabaseReader &reader;
        ConfigWatcher &config; // the stores' push tokens
        PushRefusals &refusals;
    };

    PushHttpServer(const Options &options, const Parts &parts, QObject *parent = nullptr);
    ~PushHttpServer() override;

    // Opens the credentials and the listening socket; returns the port (useful when asked for port 0).
    Result<quint16> start();
    int openConnections();
    qint64 acceptedConnections() const;

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    // Where a reply goes: the connection may be gone by the time it is ready.
    struct Reply {
        QPointer<QTcpSocket> socket;
        QPointer<ConnectionGuard> guard;
        void send(const QByteArray &response) const;
        bool keepAlive() const;
    };
    // A push that is checked and waits, with others that came in the same turn of the event loop, to be
    // handed to the writer as one job.
    struct PendingPush {
        Reply reply;
        bool batch = false;
        size_t messages = 0;
    };

    bool authenticate(const QString &store, const QHttpServerRequest &request, const Reply &reply);
    void push(const QString &store, const QHttpServerRequest &request, const Reply &reply);
    void queues(const QString &store, const QHttpServerRequest &request, const Reply &reply);
    void message(const QString &store, const QString &id, const QHttpServerRequest &request, const Reply &reply);
    // GET /api/stores/{store}/events?reference_type=&reference_id=&level=&page=: the old hub's notifications
    // query, 50 a page, newest first.
    void events(const QString &store, const QHttpServerRequest &request, const Reply &reply);
    void refuse(const Reply &reply, int status, const QString &message);
    // Refuses a push, and counts it (PushRefusals) under `reason`.
    void refusePush(const QString &store, const Reply &reply, int status, const QString &reason, const QString &message,
                    const Json &errors = Json(), HttpReply::Headers headers = {});
    void flush();

    Options m_options;
    Parts m_parts;
    StoreCredentials m_credentials;
    GuardedTcpServer *m_tcp = nullptr;
    std::shared_ptr<Mailbox> m_mailbox;
    std::vector<PendingPush> m_pending;
    std::vector<IncomingMessage> m_pendingMessages;
    bool m_flushQueued = false;
};

} // namespace engine
