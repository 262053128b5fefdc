#include "Sink.h"

#include <QByteArray>
#include <QList>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <unordered_map>

namespace bench {

namespace {

constexpr char answer[] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";

void nonBlocking(int fd)
{
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
}

} // namespace

long long Sink::nowMicros()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

Sink::Sink(int ports)
{
    m_epoll = ::epoll_create1(0);
    m_wake = ::eventfd(0, EFD_NONBLOCK);
    epoll_event wake{};
    wake.events = EPOLLIN;
    wake.data.fd = m_wake;
    ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wake, &wake);
    for (int i = 0; i < ports; ++i) {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        const int one = 1;
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address);
        ::listen(fd, 512);
        socklen_t length = sizeof address;
        ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length);
        m_ports.push_back(ntohs(address.sin_port));
        nonBlocking(fd);
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.fd = fd;
        ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &ev);
        m_listeners.push_back(fd);
    }
    m_thread = std::thread([this] { run(); });
}

Sink::~Sink()
{
    m_stop = true;
    const uint64_t one = 1;
    [[maybe_unused]] ssize_t n = ::write(m_wake, &one, sizeof one);
    m_thread.join();
    for (int fd : m_listeners)
        ::close(fd);
    ::close(m_wake);
    ::close(m_epoll);
}

std::vector<double> Sink::takeLatencies()
{
    std::lock_guard lock(m_mutex);
    return std::exchange(m_latencies, {});
}

void Sink::run()
{
    std::unordered_map<int, QByteArray> buffers;
    epoll_event events[256];
    char chunk[65536];
    while (!m_stop) {
        const int ready = ::epoll_wait(m_epoll, events, 256, 100);
        for (int e = 0; e < ready; ++e) {
            const int fd = events[e].data.fd;
            if (fd == m_wake)
                continue;
            if (std::find(m_listeners.begin(), m_listeners.end(), fd) != m_listeners.end()) {
                while (true) {
                    const int client = ::accept(fd, nullptr, nullptr);
                    if (client < 0)
                        break;
                    nonBlocking(client);
                    const int one = 1;
                    ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    epoll_event ev{};
                    ev.events = EPOLLIN;
                    ev.data.fd = client;
                    ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, client, &ev);
                    buffers[client];
                }
                continue;
            }
            QByteArray &buffer = buffers[fd];
            bool closed = false;
            while (true) {
                const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
                if (n > 0) {
                    buffer.append(chunk, n);
                    continue;
                }
                closed = n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK);
                break;
            }
            // Answer every complete request in the buffer.
            QByteArray out;
            while (true) {
                const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
                if (headEnd < 0)
                    break;
                const qsizetype at = buffer.indexOf("ontent-Length:");
                if (at < 0 || at > headEnd)
                    break;
                const qsizetype length = buffer.mid(at + 14, buffer.indexOf('\r', at) - at - 14).trimmed().toLongLong();
                if (buffer.size() < headEnd + 4 + length)
                    break;
                const qsizetype sent = buffer.indexOf("\"sent_us\":", headEnd);
                if (sent > 0 && sent < headEnd + 4 + length) {
                    const long long sentUs =
                        buffer.mid(sent + 10, 20).split(',').first().split('}').first().trimmed().toLongLong();
                    std::lock_guard lock(m_mutex);
                    m_latencies.push_back(double(nowMicros() - sentUs) / 1000.0);
                }
                buffer.remove(0, headEnd + 4 + length);
                out += answer;
                ++m_received;
            }
            if (!out.isEmpty()) [[maybe_unused]]
                ssize_t n = ::send(fd, out.constData(), size_t(out.size()), MSG_NOSIGNAL);
            if (closed) {
                ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr);
                ::close(fd);
                buffers.erase(fd);
            }
        }
    }
    for (auto &[fd, buffer] : buffers)
        ::close(fd);
}

} // namespace bench
