#pragma once
// Running totals of what the engine does — messages taken, deliveries made, attempts that failed — for
// the window's rates and charts, which sample them once a second. Thread-safe and lock-free.

#include <QtGlobal>

#include <atomic>

namespace engine {

class Throughput {
public:
    struct Totals {
        qint64 taken = 0;
        qint64 delivered = 0;
        qint64 failed = 0;
    };

    void taken(qint64 n) { m_taken.fetch_add(n, std::memory_order_relaxed); }
    void delivered(qint64 n) { m_delivered.fetch_add(n, std::memory_order_relaxed); }
    void failed(qint64 n) { m_failed.fetch_add(n, std::memory_order_relaxed); }
    Totals totals() const { return {m_taken.load(), m_delivered.load(), m_failed.load()}; }

private:
    std::atomic<qint64> m_taken{0};
    std::atomic<qint64> m_delivered{0};
    std::atomic<qint64> m_failed{0};
};

} // namespace engine
