#include "LoadGenerator.h"

#include "ThreadCpu.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>

namespace bench {

namespace {

using Clock = std::chrono::steady_clock;

struct Connection {
    int fd = -1;
    qsizetype sent = 0;
    QByteArray received;
    Clock::time_point startedAt;
};

int connectTo(quint16 port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0) {
        std::perror("bench: connect");
        ::close(fd);
        return -1;
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    return fd;
}

// The status of the first complete response in `data` and its length; 0 when it is not all there yet.
qsizetype completeResponse(const QByteArray &data, int &status)
{
    const qsizetype headEnd = data.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return 0;
    status = data.mid(9, 3).toInt();
    qsizetype length = 0;
    const qsizetype at = data.indexOf("Content-Length:");
    const qsizetype atLower = at < 0 ? data.indexOf("content-length:") : at;
    if (atLower >= 0 && atLower < headEnd)
        length = data.mid(atLower + 15, data.indexOf('\r', atLower) - atLower - 15).trimmed().toLongLong();
    const qsizetype total = headEnd + 4 + length;
    return data.size() >= total ? total : 0;
}

} // namespace

LoadFigures runLoad(quint16 port, int connections, const QByteArray &request, std::chrono::milliseconds warmUp,
                    std::chrono::milliseconds duration)
{
    const int epoll = ::epoll_create1(0);
    std::vector<Connection> conns(static_cast<size_t>(connections));
    for (size_t i = 0; i < conns.size(); ++i) {
        conns[i].fd = connectTo(port);
        epoll_event ev{};
        ev.events = EPOLLIN; // responses only: a 1 KB request never waits for room to send
        ev.data.u64 = i;
        ::epoll_ctl(epoll, EPOLL_CTL_ADD, conns[i].fd, &ev);
        conns[i].startedAt = Clock::now();
    }

    LoadFigures figures;
    const auto start = Clock::now();
    const auto countFrom = start + warmUp;
    const auto end = countFrom + duration;
    std::vector<epoll_event> events(static_cast<size_t>(connections));
    char buffer[65536];
    auto pump = [&](Connection &c) {
        while (c.sent < request.size()) {
            const ssize_t n = ::send(c.fd, request.constData() + c.sent, size_t(request.size() - c.sent), MSG_NOSIGNAL);
            if (n <= 0)
                return;
            c.sent += n;
        }
    };
    for (Connection &c : conns)
        pump(c);
    // CPU is counted over the same time as the responses: from the end of the warm-up.
    bool counting = false;
    double processFrom = 0, threadFrom = 0;
    MachineCpu machineFrom;
    while (Clock::now() < end) {
        if (!counting && Clock::now() >= countFrom) {
            counting = true;
            processFrom = processCpuSeconds();
            threadFrom = callingThreadCpuSeconds();
            machineFrom = machineCpu();
        }
        const int ready = ::epoll_wait(epoll, events.data(), int(events.size()), 100);
        for (int e = 0; e < ready; ++e) {
            Connection &c = conns[events[size_t(e)].data.u64];
            pump(c);
            while (true) {
                const ssize_t n = ::recv(c.fd, buffer, sizeof buffer, 0);
                if (n <= 0)
                    break;
                c.received.append(buffer, n);
            }
            int status = 0;
            qsizetype length;
            while ((length = completeResponse(c.received, status)) > 0) {
                c.received.remove(0, length);
                const auto now = Clock::now();
                if (now >= countFrom) {
                    ++figures.responses;
                    ++figures.byStatus[status];
                    figures.latenciesMs.push_back(std::chrono::duration<double, std::milli>(now - c.startedAt).count());
                }
                c.sent = 0;
                c.startedAt = now;
                pump(c);
            }
        }
    }
    figures.seconds = std::chrono::duration<double>(Clock::now() - countFrom).count();
    if (counting) {
        const MachineCpu machineTo = machineCpu();
        figures.processCpuSeconds = processCpuSeconds() - processFrom;
        figures.loadGeneratorCpuSeconds = callingThreadCpuSeconds() - threadFrom;
        if (machineTo.total > machineFrom.total)
            figures.machineBusy = (machineTo.busy - machineFrom.busy) / (machineTo.total - machineFrom.total);
    }
    for (Connection &c : conns)
        ::close(c.fd);
    ::close(epoll);
    return figures;
}

QByteArray pushRequest(const QByteArray &body, const QByteArray &token)
{
    return "POST /api/stores/main/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
           "X-Hub-Access-Token: " +
           token + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, size_t(p * double(values.size())))];
}

} // namespace bench
