#include "ConnectionTest.h"

#include "core/HttpPolicy.h"

#include <QElapsedTimer>

#include <curl/curl.h>

namespace engine::ConnectionTest {

namespace {
size_t discard(char *, size_t size, size_t count, void *)
{
    return size * count;
}
} // namespace

Result<Reached> probe(const QString &url, int timeoutMs, const QString &caFile)
{
    const QByteArray target = url.toUtf8();
    const QByteArray ca = caFile.toUtf8();
    char error[CURL_ERROR_SIZE] = {};
    CURL *curl = curl_easy_init();
    curl_easy_setopt(curl, CURLOPT_URL, target.constData());
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L); // HEAD: we only want to know it answers
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, long(timeoutMs));
    applyHttpPolicy(curl, ca);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &discard);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
    QElapsedTimer timer;
    timer.start();
    const CURLcode code = curl_easy_perform(curl);
    Reached reached{0, timer.elapsed()};
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reached.status);
    curl_easy_cleanup(curl);
    if (code != CURLE_OK)
        return runtimeError(QString::fromUtf8(error[0] ? error : curl_easy_strerror(code)));
    return reached;
}

} // namespace engine::ConnectionTest
