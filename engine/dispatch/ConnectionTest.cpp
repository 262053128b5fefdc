#include "ConnectionTest.h"

#include "core/BlockingHttp.h"

namespace engine::ConnectionTest {

Result<Reached> probe(const QString &url, int timeoutMs, const QString &caFile)
{
    BlockingHttp http(caFile);
    BlockingHttp::Request request;
    request.method = "HEAD"; // we only want to know it answers
    request.url = url.toUtf8();
    request.timeoutMs = timeoutMs;
    const BlockingHttp::Answer answer = http.send(request);
    if (answer.status == 0)
        return runtimeError(answer.error);
    return Reached{answer.status, answer.milliseconds};
}

} // namespace engine::ConnectionTest
