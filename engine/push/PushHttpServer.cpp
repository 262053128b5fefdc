#include "PushHttpServer.h"

#include <QUrlQuery>

#include "GuardedTcpServer.h"
#include "HttpReply.h"
#include "PushBody.h"
#include "PushRefusals.h"
#include "alerts/Alerts.h"
#include "core/ObjectId.h"
#include "deliveries/Delivery.h"
#include "ingest/Ingest.h"
#include "queues/QueueCounts.h"
#include "storage/AlertStore.h"
#include "storage/ConfigStore.h"
#include "storage/DatabaseReader.h"
#include "storage/DeliveryStore.h"
#include "storage/EventStore.h"
#include "storage/MessageStore.h"
#include "storage/ReadConnection.h"
#include "storage/Writer.h"

#include <QDateTime>
#include <QHttpServerRequest>
#include <QTcpSocket>

namespace engine {

namespace {

// Every state, zeros too, so that a script reading the counts finds each key.
const QStringList incomingStates = messageStateNames();
const QStringList deliveryStates = deliveryStateNames([](DeliveryState) { return true; });

std::string isoTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs).toStdString();
}

Json countsJson(const std::map<QString, qint64> &counts, const QStringList &states)
{
    Json object = Json::object();
    for (const QString &state : states) {
        const auto it = counts.find(state);
        object[state.toStdString()] = it == counts.end() ? 0 : it->second;
    }
    return object;
}

} // namespace

void PushHttpServer::Reply::send(const QByteArray &response) const
{
    if (!socket || socket->state() != QAbstractSocket::ConnectedState)
        return; // the client went away; what it pushed is stored all the same
    socket->write(response);
    if (guard)
        guard->replied();
}

bool PushHttpServer::Reply::keepAlive() const
{
    return guard && guard->keepAlive();
}

PushHttpServer::PushHttpServer(const Options &options, const Parts &parts, QObject *parent)
    : QAbstractHttpServer(parent), m_options(options), m_parts(parts), m_credentials(parts.config),
      m_mailbox(std::make_shared<Mailbox>(this))
{
}

PushHttpServer::~PushHttpServer()
{
    m_mailbox->close();
}

Result<quint16> PushHttpServer::start()
{
    std::optional<QSslConfiguration> tls;
    if (m_options.tls.given()) {
        Result<QSslConfiguration> loaded = PushTls::load(m_options.tls);
        if (!loaded)
            return loaded.error();
        tls = std::move(loaded).value();
    }
    m_tcp = new GuardedTcpServer(this, m_options.limits, m_options.maxConnections, std::move(tls), this);
    if (!m_tcp->listen(m_options.address, m_options.port)) {
        return runtimeError(QStringLiteral("cannot listen on %1:%2: %3")
                                .arg(m_options.address.toString())
                                .arg(m_options.port)
                                .arg(m_tcp->errorString()));
    }
    bind(m_tcp);
    return m_tcp->serverPort();
}

int PushHttpServer::openConnections()
{
    return m_tcp ? m_tcp->openConnections() : 0;
}

qint64 PushHttpServer::acceptedConnections() const
{
    return m_tcp ? m_tcp->acceptedConnections() : 0;
}

void PushHttpServer::refuse(const Reply &reply, int status, const QString &message)
{
    reply.send(HttpReply::error(status, message, reply.keepAlive()));
}

void PushHttpServer::refusePush(const QString &store, const Reply &reply, int status, const QString &reason,
                                const QString &message, const Json &errors, HttpReply::Headers headers)
{
    PushRefusals::Refusal r;
    r.atMs = QDateTime::currentMSecsSinceEpoch();
    r.store = store;
    r.status = status;
    r.reason = reason;
    r.detail = message;
    r.from = reply.socket ? reply.socket->peerAddress().toString() : QString();
    const QString detail =
        QStringLiteral("%1 pushes in a row were refused: %2 (the last from %3). Give the store the push token shown "
                       "in Stores.")
            .arg(PushRefusals::alertAfter)
            .arg(message, r.from);
    if (m_parts.refusals.refused(std::move(r))) {
        m_parts.writer.submit([store, detail](WriteTransaction &tx) {
            return AlertStore::raise(tx, Alerts::StorePushRefused, store, detail, tx.clock().nowMs());
        });
    }
    reply.send(HttpReply::error(status, message, reply.keepAlive(), errors, headers));
}

bool PushHttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    const Reply reply{socket, socket->findChild<ConnectionGuard *>(QString(), Qt::FindDirectChildrenOnly)};
    const QStringList parts = request.url().path().split(QLatin1Char('/'), Qt::SkipEmptyParts);
    const bool post = request.method() == QHttpServerRequest::Method::Post;
    const bool get = request.method() == QHttpServerRequest::Method::Get;
    auto wrongMethod = [&](const char *allowed) {
        reply.send(HttpReply::error(405, QStringLiteral("use %1 here").arg(QLatin1String(allowed)), reply.keepAlive(),
                                    Json(), {{"Allow", allowed}}));
    };

    if (parts.size() < 2 || parts[0] != QLatin1String("api")) {
        refuse(reply, 404, QStringLiteral("there is nothing at %1").arg(request.url().path()));
    } else if (parts.size() == 2 && parts[1] == QLatin1String("messages")) {
        if (post)
            push(QString::fromUtf8(request.value("x-hub-store")), request, reply);
        else
            wrongMethod("POST");
    } else if (parts.size() >= 4 && parts[1] == QLatin1String("stores")) {
        const QString &store = parts[2];
        if (parts.size() == 4 && parts[3] == QLatin1String("messages")) {
            if (post)
                push(store, request, reply);
            else
                wrongMethod("POST");
        } else if (parts.size() == 4 && parts[3] == QLatin1String("queues")) {
            if (get)
                queues(store, request, reply);
            else
                wrongMethod("GET");
        } else if (parts.size() == 4 && parts[3] == QLatin1String("events")) {
            if (get)
                events(store, request, reply);
            else
                wrongMethod("GET");
        } else if (parts.size() == 5 && parts[3] == QLatin1String("messages")) {
            if (get)
                message(store, parts[4], request, reply);
            else
                wrongMethod("GET");
        } else {
            refuse(reply, 404, QStringLiteral("there is nothing at %1").arg(request.url().path()));
        }
    } else {
        refuse(reply, 404, QStringLiteral("there is nothing at %1").arg(request.url().path()));
    }
    return true;
}

void PushHttpServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    const Reply reply{socket, socket->findChild<ConnectionGuard *>(QString(), Qt::FindDirectChildrenOnly)};
    refuse(reply, 404, QStringLiteral("there is nothing at %1").arg(request.url().path()));
}

bool PushHttpServer::authenticate(const QString &store, const QHttpServerRequest &request, const Reply &reply)
{
    if (store.isEmpty()) {
        refusePush(store, reply, 404, PushRefusals::UnknownStore,
                   QStringLiteral("name the store: POST /api/stores/{store}/messages, or the X-Hub-Store header"));
        return false;
    }
    QByteArray token = request.value("x-hub-access-token");
    if (token.isEmpty())
        token = request.value("x-augury-token"); // what the Spree Integrator's clients send
    switch (m_credentials.check(store, token)) {
    case StoreCredentials::Check::Accepted:
        if (m_parts.refusals.accepted(store)) {
            m_parts.writer.submit([store](WriteTransaction &tx) {
                return AlertStore::resolve(tx, Alerts::StorePushRefused, store, tx.clock().nowMs());
            });
        }
        return true;
    case StoreCredentials::Check::UnknownStore:
        refusePush(store, reply, 404, PushRefusals::UnknownStore, QStringLiteral("there is no store '%1'").arg(store));
        return false;
    case StoreCredentials::Check::MissingToken:
        refusePush(store, reply, 401, PushRefusals::MissingToken,
                   QStringLiteral("send the store's push token in the X-Hub-Access-Token header"));
        return false;
    case StoreCredentials::Check::WrongToken:
        refusePush(store, reply, 401, PushRefusals::WrongToken,
                   QStringLiteral("the access token is not the push token of store '%1'").arg(store));
        return false;
    }
    return false;
}

void PushHttpServer::push(const QString &store, const QHttpServerRequest &request, const Reply &reply)
{
    if (!authenticate(store, request, reply))
        return;
    const QByteArray contentType = request.value("content-type");
    const qsizetype semicolon = contentType.indexOf(';');
    const QByteArray mime = (semicolon < 0 ? contentType : contentType.left(semicolon)).trimmed().toLower();
    if (mime != "application/json") {
        refusePush(store, reply, 415, PushRefusals::NotJson,
                   QStringLiteral("send the body as JSON with Content-Type: application/json (it came as '%1')")
                       .arg(QString::fromLatin1(contentType)));
        return;
    }
    std::variant<PushBody, PushRefusal> parsed = parsePushBody(request.body(), store, m_options.maxBatch);
    if (const auto *refusal = std::get_if<PushRefusal>(&parsed)) {
        refusePush(store, reply, refusal->status,
                   refusal->status == 422 ? PushRefusals::InvalidMessage : PushRefusals::MalformedBody, refusal->error,
                   refusal->errors);
        return;
    }
    PushBody &body = std::get<PushBody>(parsed);
    if (m_parts.writer.queuedWeight() > m_options.maxQueuedMessages) {
        refusePush(store, reply, 503, PushRefusals::Busy,
                   QStringLiteral("the hub is catching up with earlier messages; retry in a second"), Json(),
                   {{"Retry-After", "1"}});
        return;
    }
    m_pending.push_back({reply, body.batch, body.messages.size()});
    for (IncomingMessage &m : body.messages)
        m_pendingMessages.push_back(std::move(m));
    if (!m_flushQueued) {
        m_flushQueued = true;
        QMetaObject::invokeMethod(this, &PushHttpServer::flush, Qt::QueuedConnection);
    }
}

void PushHttpServer::flush()
{
    m_flushQueued = false;
    // The writer calls back on its thread after the commit: keep its work small and hand the replies over.
    m_parts.ingest.take(
        std::exchange(m_pendingMessages, {}), [mailbox = m_mailbox, pushes = std::exchange(m_pending, {})](
                                                  const Status &committed, const std::vector<TakenMessage> &taken) {
            if (!committed) {
                const QString why = committed.error().message;
                mailbox->post([pushes, why] {
                    for (const PendingPush &push : pushes) {
                        push.reply.send(HttpReply::error(503,
                                                         QStringLiteral("the message could not be stored durably (%1); "
                                                                        "nothing was stored, please retry")
                                                             .arg(why),
                                                         push.reply.keepAlive(), Json(), {{"Retry-After", "1"}}));
                    }
                });
                return;
            }
            // {"message_id": "…"}, or the list of them for a batch; ids are hex, so they need no escaping.
            std::vector<QByteArray> bodies;
            bodies.reserve(pushes.size());
            size_t next = 0;
            for (const PendingPush &push : pushes) {
                QByteArray body = push.batch ? QByteArray("{\"message_id\":[") : QByteArray("{\"message_id\":");
                for (size_t i = 0; i < push.messages && next < taken.size(); ++i, ++next) {
                    if (i > 0)
                        body += ',';
                    body += '"';
                    body += taken[next].id;
                    body += '"';
                }
                body += push.batch ? "]}" : "}";
                bodies.push_back(std::move(body));
            }
            mailbox->post([pushes, bodies = std::move(bodies)] {
                for (size_t i = 0; i < pushes.size(); ++i)
                    pushes[i].reply.send(HttpReply::make(202, bodies[i], pushes[i].reply.keepAlive()));
            });
        });
}

void PushHttpServer::queues(const QString &store, const QHttpServerRequest &request, const Reply &reply)
{
    if (!authenticate(store, request, reply))
        return;
    const Json body{
        {"store", store.toStdString()},
        {"incoming", countsJson(m_parts.counts.counts(QueueCounts::Queue::Incoming, store), incomingStates)},
        {"accepted", countsJson(m_parts.counts.counts(QueueCounts::Queue::Accepted, store), deliveryStates)}};
    reply.send(HttpReply::json(200, body, reply.keepAlive()));
}

void PushHttpServer::message(const QString &store, const QString &id, const QHttpServerRequest &request,
                             const Reply &reply)
{
    if (!authenticate(store, request, reply))
        return;
    if (!ObjectId::isValid(id.toStdString())) {
        refuse(reply, 404, QStringLiteral("'%1' is not a message id (24 lower-case hex digits)").arg(id));
        return;
    }
    m_parts.reader.post([mailbox = m_mailbox, reply, store, id](ReadConnection &connection) {
        const std::string messageId = id.toStdString();
        int status = 200;
        Json body;
        Result<std::optional<StoredMessage>> found = MessageStore::find(connection.database(), messageId);
        if (!found) {
            status = 503;
            body = {{"error", found.error().message.toStdString()}};
        } else if (!found->has_value() || (*found)->storeId != store.toStdString()) {
            status = 404;
            body = {{"error", QStringLiteral("store '%1' has no message %2").arg(store, id).toStdString()}};
        } else {
            const StoredMessage &m = **found;
            body = {{"message", m.document()},
                    {"store", m.storeId},
                    {"state", messageStateName(m.state)},
                    {"source", m.source},
                    {"received_at", isoTime(m.receivedAt)}};
            if (!m.reason.empty())
                body["reason"] = m.reason;
            else if (m.state == MessageState::Skipped)
                body["reason"] = "no enabled subscription took it";
            if (!m.parentId.empty())
                body["parent_id"] = m.parentId;
            std::map<qint64, QString> endpointNames;
            if (auto names = ConfigStore(connection.database(), Clock::system()).endpointNames())
                endpointNames = std::move(names).value();
            Json deliveries = Json::array();
            if (Result<std::vector<Delivery>> copies = DeliveryStore::copiesOf(connection.database(), messageId)) {
                for (const Delivery &d : *copies) {
                    Json entry{{"message_id", d.id},
                               {"endpoint", endpointNames.count(d.endpointId) ? toStdString(endpointNames[d.endpointId])
                                                                              : std::string()},
                               {"state", deliveryStateName(d.state)},
                               {"attempts", d.attempts}};
                    if (d.lastStatus)
                        entry["last_status"] = *d.lastStatus;
                    if (!d.lastError.isEmpty())
                        entry["last_error"] = d.lastError.toStdString();
                    deliveries.push_back(std::move(entry));
                }
            }
            body["deliveries"] = std::move(deliveries);
        }
        mailbox->post([reply, status, body] { reply.send(HttpReply::json(status, body, reply.keepAlive())); });
    });
}

void PushHttpServer::events(const QString &store, const QHttpServerRequest &request, const Reply &reply)
{
    if (!authenticate(store, request, reply))
        return;
    constexpr int pageSize = 50;
    const QUrlQuery params(request.url());
    EventStore::Query query;
    query.storeId = store;
    query.referenceType = params.queryItemValue(QStringLiteral("reference_type"));
    query.referenceId = params.queryItemValue(QStringLiteral("reference_id"));
    query.level = params.queryItemValue(QStringLiteral("level"));
    int page = 1;
    if (params.hasQueryItem(QStringLiteral("page"))) {
        bool ok = false;
        page = params.queryItemValue(QStringLiteral("page")).toInt(&ok);
        if (!ok || page < 1 || page > 1'000'000) {
            refuse(
                reply, 400,
                QStringLiteral("page is a number from 1, not '%1'").arg(params.queryItemValue(QStringLiteral("page"))));
            return;
        }
    }
    query.limit = pageSize;
    query.offset = (page - 1) * pageSize;
    m_parts.reader.post([mailbox = m_mailbox, reply, query, page](ReadConnection &connection) {
        int status = 200;
        Json body;
        Result<std::vector<EventStore::StoredEvent>> found = EventStore::list(connection.database(), query);
        if (!found) {
            status = found.error().runtimeFailure || found.error().field.isEmpty() ? 503 : 400;
            body = {{"error", found.error().text().toStdString()}};
        } else {
            Json events = Json::array();
            for (const EventStore::StoredEvent &e : *found) {
                Json entry{{"level", toStdString(e.event.level)},
                           {"subject", toStdString(e.event.subject)},
                           {"description", toStdString(e.event.description)},
                           {"origin", toStdString(e.event.origin)},
                           {"occurrences", e.occurrences},
                           {"created_at", isoTime(e.firstSeenMs)},
                           {"updated_at", isoTime(e.lastSeenMs)}};
                if (!e.event.referenceType.isEmpty()) {
                    entry["reference_type"] = toStdString(e.event.referenceType);
                    entry["reference_id"] = toStdString(e.event.referenceId);
                }
                if (!e.event.messageId.empty())
                    entry["message_id"] = e.event.messageId;
                events.push_back(std::move(entry));
            }
            body = {{"page", page}, {"per_page", query.limit}, {"events", std::move(events)}};
        }
        mailbox->post([reply, status, body] { reply.send(HttpReply::json(status, body, reply.keepAlive())); });
    });
}

} // namespace engine
