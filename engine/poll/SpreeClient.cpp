#include "SpreeClient.h"

#include "core/HttpPolicy.h"

#include <curl/curl.h>

namespace engine {

struct SpreeClient::Handle {
    CURL *curl = curl_easy_init();
    ~Handle() { curl_easy_cleanup(curl); }
};

namespace {

size_t onBody(char *data, size_t size, size_t count, void *out)
{
    static_cast<QByteArray *>(out)->append(data, qsizetype(size * count));
    return size * count;
}

int onProgress(void *cancel, curl_off_t, curl_off_t, curl_off_t, curl_off_t)
{
    return cancel && static_cast<const std::atomic<bool> *>(cancel)->load() ? 1 : 0;
}

size_t onHeader(char *data, size_t size, size_t count, void *out)
{
    const QByteArray line(data, qsizetype(size * count));
    auto *answer = static_cast<SpreeClient::Answer *>(out);
    const qsizetype colon = line.indexOf(':');
    if (colon > 0) {
        const QByteArray name = line.left(colon).trimmed().toLower();
        if (name == "retry-after")
            answer->retryAfter = line.mid(colon + 1).trimmed();
        else if (name == "content-type")
            answer->contentType = line.mid(colon + 1).trimmed();
    }
    return size * count;
}

} // namespace

SpreeClient::SpreeClient(QString baseUrl, QString key, int timeoutMs, QString caFile, const std::atomic<bool> *cancel)
    : m_handle(std::make_unique<Handle>()), m_base(baseUrl.toUtf8()), m_key(key.toUtf8()), m_timeoutMs(timeoutMs),
      m_caFile(caFile.toUtf8()), m_cancel(cancel)
{
    while (m_base.endsWith('/'))
        m_base.chop(1);
}

SpreeClient::~SpreeClient() = default;

SpreeClient::Answer SpreeClient::get(const QByteArray &pathAndQuery, ApiVersion version)
{
    Answer answer;
    CURL *curl = m_handle->curl;
    curl_easy_reset(curl); // keeps the connection, forgets the last request's options
    const QByteArray url = m_base + pathAndQuery;
    const QByteArray auth = (version == ApiVersion::V3 ? "X-Spree-Api-Key: " : "X-Spree-Token: ") + m_key;
    curl_slist *headers = curl_slist_append(nullptr, auth.constData());
    headers = curl_slist_append(headers, "Accept: application/json");
    char error[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(curl, CURLOPT_URL, url.constData());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, long(m_timeoutMs));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, long(std::min(m_timeoutMs, 10'000)));
    applyHttpPolicy(curl, m_caFile);
    curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &onBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer.body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &onHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &answer);
    if (m_cancel) {
        curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, &onProgress);
        curl_easy_setopt(curl, CURLOPT_XFERINFODATA, const_cast<std::atomic<bool> *>(m_cancel));
    }
    const CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(headers);
    if (rc != CURLE_OK) {
        answer.error = QString::fromUtf8(error[0] ? error : curl_easy_strerror(rc));
        answer.body.clear();
        return answer;
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &answer.status);
    return answer;
}

// Why an answer is not what the poller needs, in words a store owner can act on.
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
