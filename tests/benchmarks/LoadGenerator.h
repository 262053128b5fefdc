#pragma once
// Drives an HTTP server with keep-alive connections from one thread (epoll, non-blocking sockets): each
// connection sends a request, waits for the whole response, and sends the next. Counts responses by status
// and keeps every response's latency.

#include <QByteArray>

#include <chrono>
#include <map>
#include <vector>

namespace bench {

struct LoadFigures {
    double seconds = 0;
    long long responses = 0;
    std::map<int, long long> byStatus;
    std::vector<double> latenciesMs;
    double perSecond() const { return seconds > 0 ? double(responses) / seconds : 0; }
};

// Sends `request` over `connections` connections to 127.0.0.1:port for `duration`; responses in the first
// `warmUp` are not counted.
LoadFigures runLoad(quint16 port, int connections, const QByteArray &request, std::chrono::milliseconds warmUp,
                    std::chrono::milliseconds duration);

// A whole HTTP request pushing `body` to store "main" of the push API with its token.
QByteArray pushRequest(const QByteArray &body, const QByteArray &token);

// The value below which a fraction p (0..1) of `values` lie.
double percentile(std::vector<double> values, double p);

} // namespace bench
