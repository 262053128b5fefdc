#include "SpreeClient.h"

namespace engine {

SpreeClient::SpreeClient(QString baseUrl, QString key, int timeoutMs, QString caFile, const std::atomic<bool> *cancel)
    : m_http(std::move(caFile), cancel), m_base(baseUrl.toUtf8()), m_key(key.toUtf8()), m_timeoutMs(timeoutMs)
{
    while (m_base.endsWith('/'))
        m_base.chop(1);
}

SpreeClient::Answer SpreeClient::get(const QByteArray &pathAndQuery, ApiVersion version)
{
    BlockingHttp::Request request;
    request.url = m_base + pathAndQuery;
    request.headers = {(version == ApiVersion::V3 ? "X-Spree-Api-Key: " : "X-Spree-Token: ") + m_key,
                       "Accept: application/json"};
    request.timeoutMs = m_timeoutMs;
    return m_http.send(request);
}

QString SpreeClient::reasonFor(const Answer &a, const Json &body)
{
    if (a.status == 0)
        return QStringLiteral("the store is not reachable: %1").arg(a.error);
    if (a.status == 401)
        return QStringLiteral("the API key is wrong (401): check it in the store's settings");
    if (a.status == 403) {
        const Json &details = body.is_object() && body.contains("error") && body["error"].is_object()
                                  ? body["error"].value("details", Json::object())
                                  : Json::object();
        const std::string scope = details.is_object() ? details.value("required_scope", std::string()) : std::string();
        return scope.empty() ? QStringLiteral("the API key may not read this (403)")
                             : QStringLiteral("the API key lacks the scope %1 (403): give it that scope in Spree")
                                   .arg(QString::fromStdString(scope));
    }
    if (a.status == 429)
        return QStringLiteral("the store is rate limiting the hub (429)");
    if (a.status == 404)
        return QStringLiteral("there is no Spree API at this address (404): check the API URL and version");
    if (a.status >= 500)
        return QStringLiteral("the store answered %1: it is failing").arg(a.status);
    if (a.status != 200)
        return QStringLiteral("the store answered %1").arg(a.status);
    return QStringLiteral("the answer is not the Spree API (%1): check the API URL")
        .arg(a.contentType.startsWith("text/html") ? QStringLiteral("a web page") : QStringLiteral("not JSON"));
}

} // namespace engine
