#include "Worker.h"

#include <pthread.h>

namespace engine {

void Worker::nameThisThread(const char *name)
{
    pthread_setname_np(pthread_self(), name); // shown by top -H and gdb: which part spent the time
}

void Worker::starting()
{
    std::lock_guard lock(m_mutex);
    m_stopping = false;
}

void Worker::start(const char *name, std::function<void()> loop)
{
    if (isRunning())
        return;
    starting();
    m_thread = std::thread([name, loop = std::move(loop)] {
        nameThisThread(name);
        loop();
    });
}

void Worker::stop()
{
    if (!isRunning())
        return;
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    wake();
    m_thread.join();
}

void Worker::wake()
{
    m_wake.notify_one();
    if (m_wakeLoop)
        m_wakeLoop();
}

void Worker::wait(std::unique_lock<std::mutex> &lock, const std::function<bool()> &ready)
{
    m_wake.wait(lock, [&] { return m_stopping || ready(); });
}

bool Worker::waitFor(std::unique_lock<std::mutex> &lock, std::chrono::milliseconds timeout,
                     const std::function<bool()> &ready)
{
    return m_wake.wait_for(lock, timeout, [&] { return m_stopping || ready(); });
}

} // namespace engine
