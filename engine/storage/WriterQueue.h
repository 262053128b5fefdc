#pragma once
// The work a writer (storage/Writer.h) has been given and not yet started, as both backends' writers keep
// it: queued from any thread, taken in batches up to a weight for one transaction (group commit). Not
// thread-safe by itself: every call is made under the writer's Worker mutex.

#include "Writer.h"

#include <deque>
#include <vector>

namespace engine {

class WriterQueue {
public:
    struct Job {
        Writer::Work work;
        Writer::Done done;
        int weight;
    };

    // While not accepting (before start, after stop) a job is refused: the caller tells its done.
    bool accepting() const { return m_accepting; }
    void setAccepting(bool accepting) { m_accepting = accepting; }
    void push(Job job)
    {
        m_weight += job.weight;
        m_jobs.push_back(std::move(job));
    }
    bool empty() const { return m_jobs.empty(); }
    qint64 weight() const { return m_weight; }
    // The jobs at the front, up to `maxWeight` in all (and at least one), for the next transaction.
    std::vector<Job> take(int maxWeight)
    {
        std::vector<Job> batch;
        int weight = 0;
        while (!m_jobs.empty() && (batch.empty() || weight < maxWeight)) {
            weight += m_jobs.front().weight;
            batch.push_back(std::move(m_jobs.front()));
            m_jobs.pop_front();
        }
        m_weight -= weight;
        return batch;
    }

    static Error notRunning() { return runtimeError(QStringLiteral("the database writer is not running")); }

private:
    std::deque<Job> m_jobs;
    qint64 m_weight = 0;
    bool m_accepting = false;
};

} // namespace engine
