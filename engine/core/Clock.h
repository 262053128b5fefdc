#pragma once
// Where the engine gets the time, so retries, leases and heartbeats can be tested without sleeping.
// Thread-safe: any thread may ask.

#include <QtGlobal>

#include <atomic>

namespace engine {

class Clock {
public:
    virtual ~Clock() = default;
    // Milliseconds since the Unix epoch, UTC.
    virtual qint64 nowMs() const = 0;

    static const Clock &system();
};

// A clock that only moves when a test moves it.
class ManualClock final : public Clock {
public:
    explicit ManualClock(qint64 startMs = 1'700'000'000'000) : m_now(startMs) {}
    qint64 nowMs() const override { return m_now.load(); }
    void set(qint64 ms) { m_now.store(ms); }
    void advance(qint64 ms) { m_now.fetch_add(ms); }

private:
    std::atomic<qint64> m_now;
};

} // namespace engine
