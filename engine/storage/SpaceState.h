#pragma once
// Whether the database has room to write. A write that fails for lack of space (SQLite's SQLITE_FULL,
// PostgreSQL's SQLSTATE 53100) makes it full; it stays full until writes have gone through for `quietMs` with
// none failing so: a nearly full disk lets small commits through (SQLite reuses its log's space) while larger
// ones fail, and the engine should not flap between the two. Meanwhile the push API answers 503 (its writes
// fail, and nothing is acknowledged), deliveries pause rather than send what they could not record
// (dispatch/Dispatcher), and the engine raises an alert (alerts/SpaceAlert). Kept by the writer
// (storage/Writer); thread-safe.

#include <QString>

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>

namespace engine {

class SpaceState {
public:
    static constexpr std::chrono::milliseconds quietMs{5000};

    struct Full {
        qint64 sinceMs = 0; // wall-clock time of the first failure
        QString detail;     // what the database said, the last time
    };

    // From the writer's thread: a write failed for lack of space, or a transaction committed.
    void failed(const QString &detail);
    void committed();

    // From any thread; cheap.
    bool full() const { return m_full.load(std::memory_order_acquire); }
    std::optional<Full> details() const;

private:
    using Clock = std::chrono::steady_clock;

    std::atomic<bool> m_full{false};
    mutable std::mutex m_mutex;
    Full m_details;
    Clock::time_point m_lastFailure;
};

} // namespace engine
