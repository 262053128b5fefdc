#pragma once
// A fast HTTP sink for benchmarks: one thread, epoll, any number of listening ports, answering every POST
// at once with 200 and "{}" over kept-alive connections. It counts what arrives and, when a body carries
// "sent_us": <microseconds on the steady clock>, how long it took to get there.

#include <QtGlobal>

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

namespace bench {

class Sink {
public:
    explicit Sink(int ports);
    ~Sink();

    const std::vector<quint16> &ports() const { return m_ports; }
    long long received() const { return m_received.load(); }
    // Latencies (ms) of bodies that carried a send time, since the last call.
    std::vector<double> takeLatencies();

    static long long nowMicros();

private:
    void run();

    std::vector<int> m_listeners;
    std::vector<quint16> m_ports;
    int m_epoll = -1;
    int m_wake = -1;
    std::atomic<bool> m_stop{false};
    std::atomic<long long> m_received{0};
    std::mutex m_mutex;
    std::vector<double> m_latencies;
    std::thread m_thread;
};

} // namespace bench
