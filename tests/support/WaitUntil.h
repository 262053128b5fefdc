#pragma once
// Polls a condition that another thread or process makes true, up to a time limit.

#include <QElapsedTimer>

#include <chrono>
#include <functional>
#include <thread>

namespace test {

inline bool waitUntil(const std::function<bool()> &condition, int timeoutMs = 10000)
{
    QElapsedTimer timer;
    timer.start();
    while (!condition()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}

} // namespace test
