#include "MisbehavingServer.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <string>

namespace test {

namespace {
// How often the threads look at whether the server is stopping.
constexpr int lookMs = 20;

} // namespace

bool MisbehavingServer::sendAll(int fd, const std::string &bytes)
{
    size_t sent = 0;
    while (sent < bytes.size()) {
        if (m_stopping)
            return true; // not the peer's doing
        pollfd p{fd, POLLOUT, 0};
        if (::poll(&p, 1, lookMs) <= 0)
            continue; // the peer is not reading just now
        const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            continue;
        if (n <= 0) {
            ++m_closedByPeer;
            return false;
        }
        sent += size_t(n);
    }
    return true;
}

MisbehavingServer::MisbehavingServer(Way way) : m_way(way)
{
    m_listener = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    if (::bind(m_listener, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0 ||
        ::listen(m_listener, 64) != 0 ||
        ::getsockname(m_listener, reinterpret_cast<sockaddr *>(&address), &length) != 0)
        return; // port() stays 0, and the test's requests fail to connect
    m_port = ntohs(address.sin_port);
    m_acceptor = std::thread([this] { acceptLoop(); });
}

MisbehavingServer::~MisbehavingServer()
{
    m_stopping = true;
    if (m_acceptor.joinable())
        m_acceptor.join();
    for (std::thread &t : m_connections)
        t.join();
    if (m_listener >= 0)
        ::close(m_listener);
}

QString MisbehavingServer::url() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(m_port);
}

void MisbehavingServer::acceptLoop()
{
    while (!m_stopping) {
        pollfd p{m_listener, POLLIN, 0};
        if (::poll(&p, 1, lookMs) <= 0)
            continue;
        const int fd = ::accept(m_listener, nullptr, nullptr);
        if (fd < 0)
            continue;
        ++m_accepted;
        std::lock_guard lock(m_mutex);
        m_connections.emplace_back([this, fd] {
            serve(fd);
            ::close(fd);
        });
    }
}

void MisbehavingServer::serve(int fd)
{
    if (m_way == Way::NeverReads) {
        awaitClose(fd);
        return;
    }
    // Read the request's head and its body (by Content-Length), then answer without end.
    std::string request;
    size_t headEnd = std::string::npos;
    size_t wanted = 0;
    while (!m_stopping) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, lookMs) <= 0)
            continue;
        char buffer[16384];
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) {
            ++m_closedByPeer;
            return;
        }
        request.append(buffer, size_t(n));
        if (headEnd == std::string::npos && (headEnd = request.find("\r\n\r\n")) != std::string::npos) {
            std::string head = request.substr(0, headEnd);
            for (char &c : head)
                c = char(std::tolower(static_cast<unsigned char>(c)));
            const size_t at = head.find("content-length:");
            wanted = headEnd + 4 + (at == std::string::npos ? 0 : std::stoul(head.substr(at + 15)));
        }
        if (headEnd != std::string::npos && request.size() >= wanted)
            break;
    }
    if (!sendAll(fd, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                     "1\r\n[\r\n"))
        return;
    const bool trickle = m_way == Way::EndlessTrickle;
    const std::string chunk = trickle ? std::string("2\r\n1,\r\n") : "2000\r\n" + std::string(0x2000, ' ') + "\r\n";
    while (!m_stopping) {
        if (!sendAll(fd, chunk))
            return;
        if (trickle)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

void MisbehavingServer::awaitClose(int fd)
{
    while (!m_stopping) {
        // POLLRDHUP tells of the peer's close without reading what it sent.
        pollfd p{fd, POLLRDHUP, 0};
        if (::poll(&p, 1, lookMs) > 0 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR))) {
            ++m_closedByPeer;
            return;
        }
    }
}

} // namespace test
