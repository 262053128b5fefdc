#pragma once
// When a simulated service goes down by itself, as real ones do: first `afterS` seconds after it starts, for
// `forS` seconds, and again every `everyS` seconds (counted from one outage's start to the next). The
// simulated store and the demo's endpoints keep it on their own thread with a timer (OutageTimer).

#include <QObject>
#include <QTimer>

#include <functional>

namespace engine::sim {

struct OutageSchedule {
    int afterS = 0;
    int forS = 0; // 0: never down
    int everyS = 0;
    bool enabled() const { return forS > 0 && afterS >= 0; }
};

// Calls `down(true)` as each outage starts and `down(false)` as it ends. Lives on the thread it was made on.
class OutageTimer : public QObject {
public:
    OutageTimer(OutageSchedule schedule, std::function<void(bool)> down, QObject *parent = nullptr)
        : QObject(parent), m_schedule(schedule), m_down(std::move(down))
    {
        if (!m_schedule.enabled())
            return;
        m_next.setSingleShot(true);
        m_end.setSingleShot(true);
        connect(&m_next, &QTimer::timeout, this, [this] {
            m_down(true);
            m_end.start(m_schedule.forS * 1000);
            if (m_schedule.everyS > m_schedule.forS)
                m_next.start(m_schedule.everyS * 1000);
        });
        connect(&m_end, &QTimer::timeout, this, [this] { m_down(false); });
        m_next.start(m_schedule.afterS * 1000);
    }

private:
    OutageSchedule m_schedule;
    std::function<void(bool)> m_down;
    QTimer m_next;
    QTimer m_end;
};

} // namespace engine::sim
