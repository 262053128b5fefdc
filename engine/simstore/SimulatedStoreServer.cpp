#include "SimulatedStoreServer.h"

#include "ApiAnswer.h"
#include "SpreeApiV1.h"
#include "SpreeApiV3.h"

#include <QHttpServerRequest>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrlQuery>

namespace engine::sim {

namespace {

const char *reason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    default:
        return "Unknown";
    }
}

const char *const loginPage = "<!DOCTYPE html><html><head><title>Sign in</title></head><body>"
                              "<form action=\"/login\" method=\"post\"><input name=\"email\"><input "
                              "name=\"password\" type=\"password\"><button>Sign in</button></form></body></html>";

} // namespace

SimulatedStoreServer::SimulatedStoreServer(SimulatedStore &store, QObject *parent)
    : QAbstractHttpServer(parent), m_store(store)
{
    const int perMinute = store.m_options.changesPerMinute;
    if (perMinute > 0) {
        m_pace.setInterval(std::max(1, 60'000 / perMinute));
        connect(&m_pace, &QTimer::timeout, this, [this] { m_store.m_catalogue.step(); });
        m_pace.start();
    }
    new OutageTimer(
        store.m_options.outages,
        [this](bool down) {
            m_store.m_mode.store(down ? SimulatedStore::Mode::Down : SimulatedStore::Mode::Normal);
            setDown(down);
        },
        this);
    m_restore.setSingleShot(true);
    connect(&m_restore, &QTimer::timeout, this, [this] {
        if (m_store.m_mode.load() == SimulatedStore::Mode::Down)
            setDown(false);
        m_store.m_mode.store(SimulatedStore::Mode::Normal);
    });
}

SimulatedStoreServer::~SimulatedStoreServer() = default;

Result<quint16> SimulatedStoreServer::listen(const QHostAddress &address, quint16 port)
{
    m_address = address;
    m_tcp = new QTcpServer(this);
    if (!m_tcp->listen(address, port))
        return runtimeError(
            QStringLiteral("the simulated store cannot listen on port %1: %2").arg(port).arg(m_tcp->errorString()));
    m_port = m_tcp->serverPort();
    bind(m_tcp);
    return m_port;
}

void SimulatedStoreServer::setDown(bool down)
{
    if (down) {
        // Closing the listening socket refuses new connections; the open ones are cut as they next speak
        // (handleRequest) and now.
        if (m_tcp) {
            m_tcp->close();
            for (QTcpSocket *socket : findChildren<QTcpSocket *>())
                socket->abort();
        }
    } else if (m_tcp && !m_tcp->isListening()) {
        m_tcp->listen(m_address, m_port);
    }
}

void SimulatedStoreServer::backToNormalIn(int seconds)
{
    if (seconds > 0)
        m_restore.start(seconds * 1000);
    else
        m_restore.stop();
}

void SimulatedStoreServer::send(QTcpSocket *socket, const ApiAnswer &answer, bool html)
{
    const QByteArray body = html ? QByteArray(loginPage) : QByteArray::fromStdString(answer.body.dump());
    QByteArray out = "HTTP/1.1 " + QByteArray::number(answer.status) + ' ' + reason(answer.status) + "\r\n";
    out += html ? "Content-Type: text/html; charset=utf-8\r\n" : "Content-Type: application/json; charset=utf-8\r\n";
    out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    for (const auto &[name, value] : answer.headers)
        out += name + ": " + value + "\r\n";
    out += "\r\n" + body;
    socket->write(out);
}

bool SimulatedStoreServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    const QString path = request.url().path();
    if (path == QLatin1String("/__simulator")) {
        send(socket, control(request));
        return true;
    }
    const SimulatedStore::Mode mode = m_store.m_mode.load();
    if (mode == SimulatedStore::Mode::Down) {
        socket->abort();
        return true;
    }
    ++m_store.m_requests;
    ApiAnswer answer;
    switch (mode) {
    case SimulatedStore::Mode::Error500:
        answer = {500, {{"error", "Internal Server Error"}}, {}};
        break;
    case SimulatedStore::Mode::Unauthorized:
        answer = path.startsWith(QLatin1String("/api/v3"))
                     ? SpreeApiV3::error(401, "invalid_token", "Invalid API key")
                     : ApiAnswer{401, {{"error", "Invalid API key (KEY) specified."}}, {}};
        break;
    case SimulatedStore::Mode::Forbidden:
        answer = path.startsWith(QLatin1String("/api/v3"))
                     ? SpreeApiV3::error(403, "access_denied", "API key lacks the required scope",
                                         {{"required_scope", "read_orders"}})
                     : ApiAnswer{401, {{"error", "You are not authorized to perform that action."}}, {}};
        break;
    case SimulatedStore::Mode::RateLimited:
        answer = SpreeApiV3::error(429, "rate_limit_exceeded", "Too many requests");
        answer.headers = {{"Retry-After", "1"}};
        break;
    case SimulatedStore::Mode::Html:
        send(socket, ApiAnswer{200, {}, {}}, true);
        return true;
    default:
        answer = api(request);
        break;
    }
    if (mode == SimulatedStore::Mode::Slow) {
        QPointer<QTcpSocket> later(socket);
        QTimer::singleShot(m_store.m_slowMs.load(), this, [this, later, answer] {
            if (later)
                send(later, answer);
        });
        return true;
    }
    send(socket, answer);
    return true;
}

void SimulatedStoreServer::missingHandler(const QHttpServerRequest &, QTcpSocket *socket)
{
    send(socket, ApiAnswer{404, {{"error", "The resource you were looking for could not be found."}}, {}});
}

ApiAnswer SimulatedStoreServer::api(const QHttpServerRequest &request)
{
    const QByteArray path = request.url().path().toUtf8();
    const QUrlQuery query(request.url());
    const SimulatedStore::Options &o = m_store.m_options;
    if (request.method() != QHttpServerRequest::Method::Get)
        return {405, {{"error", "Only GET is simulated."}}, {{"Allow", "GET"}}};

    if (path.startsWith("/api/v1/") && !o.v1Key.isEmpty()) {
        QByteArray key = request.value("x-spree-token");
        if (key.isEmpty())
            key = query.queryItemValue(QStringLiteral("token")).toUtf8();
        if (key.isEmpty())
            return {401, {{"error", "You must specify an API key."}}, {}};
        if (key != o.v1Key.toUtf8())
            return {401, {{"error", "Invalid API key (" + key.toStdString() + ") specified."}}, {}};
        return SpreeApiV1::answer(m_store.m_catalogue, path.mid(7), query);
    }

    if (path.startsWith("/api/v3/admin/") && !o.v3Key.isEmpty()) {
        const QByteArray key = request.value("x-spree-api-key");
        if (key.isEmpty() || key != o.v3Key.toUtf8())
            return SpreeApiV3::error(401, "invalid_token", "Invalid API key");
        // The rate limit: so many requests per key in each minute, counted from the first.
        const qint64 now = m_store.m_clock.nowMs();
        auto &[since, used] = m_window[key.toStdString()];
        if (now - since >= 60'000) {
            since = now;
            used = 0;
        }
        if (++used > o.rateLimitPerMinute) {
            ApiAnswer limited = SpreeApiV3::error(429, "rate_limit_exceeded", "Too many requests");
            const qint64 left = std::max<qint64>(1, (since + 60'000 - now + 999) / 1000);
            limited.headers = {{"Retry-After", QByteArray::number(left)},
                               {"X-RateLimit-Limit", QByteArray::number(o.rateLimitPerMinute)},
                               {"X-RateLimit-Remaining", "0"}};
            return limited;
        }
        const QByteArray route = path.mid(13);
        if (route == "/api_keys/current") {
            Json scopes = Json::array();
            for (const QString &s : o.v3Scopes)
                scopes.push_back(s.toStdString());
            return {200,
                    {{"id", "key_1"},
                     {"name", "Integrator"},
                     {"key_type", "secret"},
                     {"token_prefix", key.left(7).toStdString()},
                     {"scopes", std::move(scopes)}},
                    {}};
        }
        const std::string scope = SpreeApiV3::requiredScope(route);
        if (!scope.empty() && !o.v3Scopes.contains(QStringLiteral("read_all")) &&
            !o.v3Scopes.contains(QString::fromStdString(scope)))
            return SpreeApiV3::error(403, "access_denied", "API key lacks the required scope",
                                     {{"required_scope", scope}});
        return SpreeApiV3::answer(m_store.m_catalogue, route, query);
    }
    return {404, {{"error", "The resource you were looking for could not be found."}}, {}};
}

ApiAnswer SimulatedStoreServer::control(const QHttpServerRequest &request)
{
    if (request.method() == QHttpServerRequest::Method::Post) {
        const Json body = Json::parse(request.body().toStdString(), nullptr, false);
        if (!body.is_object())
            return {400, {{"error", "the body must be a JSON object"}}, {}};
        if (body.contains("mode")) {
            const auto mode =
                body["mode"].is_string()
                    ? SimulatedStore::modeFromName(QString::fromStdString(body["mode"].get<std::string>()))
                    : std::nullopt;
            if (!mode)
                return {400, {{"error", "mode must be normal, slow, down, 500, 401, 403, 429 or html"}}, {}};
            const int seconds = body.value("seconds", 0);
            if (body.contains("slow_ms") && body["slow_ms"].is_number_integer())
                m_store.m_slowMs.store(body["slow_ms"].get<int>());
            m_store.m_mode.store(*mode);
            setDown(*mode == SimulatedStore::Mode::Down);
            backToNormalIn(seconds);
        }
        if (body.contains("place") && body["place"].is_number_integer())
            m_store.m_catalogue.placeOrders(body["place"].get<int>(), body.value("same_millisecond", false));
        if (body.contains("steps") && body["steps"].is_number_integer()) {
            for (int i = 0; i < body["steps"].get<int>(); ++i)
                m_store.m_catalogue.step();
        }
    }
    return {200,
            {{"mode", SimulatedStore::modeName(m_store.m_mode.load())},
             {"orders", m_store.m_catalogue.orderCount()},
             {"requests", m_store.m_requests.load()}},
            {}};
}

} // namespace engine::sim
