#pragma once
// A TCP server that misbehaves in ways TestEndpoint, a well-mannered HTTP server, cannot: it takes
// connections and never reads from them, or reads a request and answers with a reply that never ends.
// Plain sockets on threads of its own; stops and closes everything when destroyed.

#include <QString>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace test {

class MisbehavingServer {
public:
    enum class Way {
        NeverReads,     // accepts, then leaves every byte unread and never answers
        EndlessReply,   // answers 200 with a chunked body that never ends, as fast as it is read
        EndlessTrickle, // the same, a few bytes every 50 ms
    };

    explicit MisbehavingServer(Way way);
    ~MisbehavingServer();
    MisbehavingServer(const MisbehavingServer &) = delete;
    MisbehavingServer &operator=(const MisbehavingServer &) = delete;

    QString url() const;
    // Connections accepted so far, and how many of them the other side has since closed.
    int accepted() const { return m_accepted.load(); }
    int closedByPeer() const { return m_closedByPeer.load(); }

private:
    void acceptLoop();
    void serve(int fd);
    // Sends everything unless the peer closes first (counted) or the server stops; never blocks for long.
    bool sendAll(int fd, const std::string &bytes);
    // Waits until the peer closes `fd` (or the server stops), reading nothing.
    void awaitClose(int fd);

    const Way m_way;
    int m_listener = -1;
    quint16 m_port = 0;
    std::atomic<bool> m_stopping{false};
    std::atomic<int> m_accepted{0};
    std::atomic<int> m_closedByPeer{0};
    std::thread m_acceptor;
    std::mutex m_mutex;
    std::vector<std::thread> m_connections;
};

} // namespace test
