#include "HttpSender.h"

#include "core/HttpPolicy.h"

#include <QElapsedTimer>

#include <curl/curl.h>

#include <mutex>

namespace engine {

namespace {

void initialiseCurl()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

} // namespace

struct HttpSender::Transfer {
    CURL *easy = nullptr;
    curl_slist *headers = nullptr;
    Request request;
    Response response;
    qint64 cap = 0;
    char error[CURL_ERROR_SIZE] = {};
    QElapsedTimer timer;

    static size_t onBody(char *data, size_t size, size_t count, void *self)
    {
        auto *t = static_cast<Transfer *>(self);
        const size_t bytes = size * count;
        const qint64 room = t->cap - t->response.body.size();
        if (qint64(bytes) > room) {
            t->response.body.append(data, qsizetype(std::max<qint64>(room, 0)));
            t->response.truncated = true;
            return 0; // stop reading: what matters of an answer is its start
        }
        t->response.body.append(data, qsizetype(bytes));
        return bytes;
    }

    static size_t onHeader(char *data, size_t size, size_t count, void *self)
    {
        auto *t = static_cast<Transfer *>(self);
        const size_t bytes = size * count;
        const QByteArray line(data, qsizetype(bytes));
        if (line.startsWith("HTTP/"))
            t->response.retryAfter.clear(); // a new answer (after a 100 Continue, say)
        else if (line.size() > 12 && qstrnicmp(line.constData(), "retry-after:", 12) == 0)
            t->response.retryAfter = line.mid(12).trimmed();
        return bytes;
    }
};

HttpSender::HttpSender(qint64 maxBodyBytes, QString caFile) : m_maxBodyBytes(maxBodyBytes), m_caFile(caFile.toUtf8())
{
    initialiseCurl();
    m_multi = curl_multi_init();
    curl_multi_setopt(m_multi, CURLMOPT_MAXCONNECTS, 512L);
}

HttpSender::~HttpSender()
{
    // Abandon what is still running: the deliveries stay due and are sent again later.
    for (Transfer *t : m_transfers) {
        curl_multi_remove_handle(m_multi, t->easy);
        curl_easy_cleanup(t->easy);
        curl_slist_free_all(t->headers);
        delete t;
    }
    for (void *e : m_spareHandles)
        curl_easy_cleanup(static_cast<CURL *>(e));
    curl_multi_cleanup(m_multi);
}

void HttpSender::start(Request request)
{
    auto *t = new Transfer;
    t->request = std::move(request);
    t->response.tag = t->request.tag;
    t->cap = m_maxBodyBytes;
    if (!m_spareHandles.empty()) {
        t->easy = static_cast<CURL *>(m_spareHandles.back());
        m_spareHandles.pop_back();
        curl_easy_reset(t->easy);
    } else {
        t->easy = curl_easy_init();
    }
    for (const QByteArray &h : t->request.headers)
        t->headers = curl_slist_append(t->headers, h.constData());
    t->headers = curl_slist_append(t->headers, "Content-Type: application/json");
    t->headers = curl_slist_append(t->headers, "Accept: application/json");
    t->headers = curl_slist_append(t->headers, "Expect:"); // send the body at once; no 100 Continue round trip

    CURL *e = t->easy;
    curl_easy_setopt(e, CURLOPT_PRIVATE, t);
    curl_easy_setopt(e, CURLOPT_URL, t->request.url.constData());
    curl_easy_setopt(e, CURLOPT_POST, 1L);
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, t->request.body.constData());
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(t->request.body.size()));
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, long(t->request.timeoutMs));
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, long(std::min(t->request.timeoutMs, 10'000)));
    applyHttpPolicy(e, m_caFile);
    curl_easy_setopt(e, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->error);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &Transfer::onBody);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, t);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &Transfer::onHeader);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, t);
    t->timer.start();
    curl_multi_add_handle(m_multi, e);
    m_transfers.insert(t);
    ++m_running;
}

std::vector<HttpSender::Response> HttpSender::collect()
{
    std::vector<Response> done;
    int left = 0;
    while (CURLMsg *msg = curl_multi_info_read(m_multi, &left)) {
        if (msg->msg != CURLMSG_DONE)
            continue;
        Transfer *t = nullptr;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &t);
        const CURLcode code = msg->data.result;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &t->response.status);
        t->response.durationMs = t->timer.elapsed();
        // A cut-short body still came with a status: that is an answer.
        t->response.transferred =
            t->response.status > 0 && (code == CURLE_OK || (code == CURLE_WRITE_ERROR && t->response.truncated));
        if (!t->response.transferred) {
            const QString detail = QString::fromUtf8(t->error).trimmed();
            t->response.error = detail.isEmpty() ? QString::fromUtf8(curl_easy_strerror(code)) : detail;
        }
        curl_multi_remove_handle(m_multi, msg->easy_handle);
        curl_slist_free_all(t->headers);
        m_spareHandles.push_back(t->easy);
        m_transfers.erase(t);
        --m_running;
        done.push_back(std::move(t->response));
        delete t;
    }
    return done;
}

std::vector<HttpSender::Response> HttpSender::poll(int timeoutMs)
{
    int running = 0;
    curl_multi_perform(m_multi, &running);
    std::vector<Response> done = collect();
    if (!done.empty())
        return done;
    // Nothing finished: sleep until a socket is ready, the timeout, or wake().
    curl_multi_poll(m_multi, nullptr, 0, timeoutMs, nullptr);
    curl_multi_perform(m_multi, &running);
    return collect();
}

void HttpSender::wake()
{
    curl_multi_wakeup(m_multi);
}

} // namespace engine
