#include "BlockingHttp.h"

#include "HttpPolicy.h"

#include <QElapsedTimer>

#include <curl/curl.h>

namespace engine {

struct BlockingHttp::Handle {
    CURL *curl = curl_easy_init();
    ~Handle() { curl_easy_cleanup(curl); }
};

namespace {

struct Receiving {
    BlockingHttp::Answer *answer;
    qint64 maxBodyBytes;
};

size_t onBody(char *data, size_t size, size_t count, void *out)
{
    auto *r = static_cast<Receiving *>(out);
    if (r->answer->body.size() + qint64(size * count) > r->maxBodyBytes)
        return 0; // ends the transfer: a runaway answer is not kept
    r->answer->body.append(data, qsizetype(size * count));
    return size * count;
}

size_t onHeader(char *data, size_t size, size_t count, void *out)
{
    const QByteArray line(data, qsizetype(size * count));
    auto *answer = static_cast<Receiving *>(out)->answer;
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

int onProgress(void *cancel, curl_off_t, curl_off_t, curl_off_t, curl_off_t)
{
    return static_cast<const std::atomic<bool> *>(cancel)->load() ? 1 : 0;
}

} // namespace

BlockingHttp::BlockingHttp(QString caFile, const std::atomic<bool> *cancel)
    : m_handle(std::make_unique<Handle>()), m_caFile(caFile.toUtf8()), m_cancel(cancel)
{
}

BlockingHttp::~BlockingHttp() = default;

BlockingHttp::Answer BlockingHttp::send(const Request &request)
{
    Answer answer;
    Receiving receiving{&answer, request.maxBodyBytes};
    CURL *curl = m_handle->curl;
    curl_easy_reset(curl); // keeps the connection, forgets the last request's options
    curl_slist *headers = nullptr;
    for (const QByteArray &h : request.headers)
        headers = curl_slist_append(headers, h.constData());
    if (request.method == "POST")
        headers = curl_slist_append(headers, "Expect:"); // the body at once, without waiting for 100 Continue
    char error[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(curl, CURLOPT_URL, request.url.constData());
    if (request.method == "HEAD") {
        curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    } else if (request.method == "POST") {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.constData());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.size()));
    }
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, long(request.timeoutMs));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, long(std::min(request.timeoutMs, 10'000)));
    curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
    applyHttpPolicy(curl, m_caFile);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &onBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &receiving);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &onHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &receiving);
    if (m_cancel) {
        curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, &onProgress);
        curl_easy_setopt(curl, CURLOPT_XFERINFODATA, const_cast<std::atomic<bool> *>(m_cancel));
    }
    QElapsedTimer timer;
    timer.start();
    const CURLcode rc = curl_easy_perform(curl);
    answer.milliseconds = timer.elapsed();
    curl_slist_free_all(headers);
    if (rc != CURLE_OK) {
        answer.error = rc == CURLE_WRITE_ERROR
                           ? QStringLiteral("the answer is longer than %1 bytes").arg(request.maxBodyBytes)
                           : QString::fromUtf8(error[0] ? error : curl_easy_strerror(rc));
        answer.body.clear();
        return answer;
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &answer.status);
    return answer;
}

} // namespace engine
