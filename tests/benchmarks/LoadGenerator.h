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
    // Over the counted time: CPU seconds this whole process used, those of them the load generator's own
    // thread used (the rest went to the server under test), and the share of the machine's cores that were
    // busy (0..1, every process).
    double processCpuSeconds = 0;
    double loadGeneratorCpuSeconds = 0;
    double machineBusy = 0;
    double perSecond() const { return seconds > 0 ? double(responses) / seconds : 0; }
    // CPU microseconds per response: of the whole process, and of everything but the load generator.
    double cpuMicrosPerResponse() const { return perResponse(processCpuSeconds); }
    double serverCpuMicrosPerResponse() const { return perResponse(processCpuSeconds - loadGeneratorCpuSeconds); }

private:
    double perResponse(double cpuSeconds) const { return responses > 0 ? cpuSeconds * 1e6 / double(responses) : 0; }
};

// Sends `request` over `connections` connections to 127.0.0.1:port for `duration`, from the calling thread;
// responses in the first `warmUp` are not counted.
LoadFigures runLoad(quint16 port, int connections, const QByteArray &request, std::chrono::milliseconds warmUp,
                    std::chrono::milliseconds duration);

// A whole HTTP request pushing `body` to store "main" of the push API with its token.
QByteArray pushRequest(const QByteArray &body, const QByteArray &token);

// The value below which a fraction p (0..1) of `values` lie.
double percentile(std::vector<double> values, double p);

} // namespace bench
