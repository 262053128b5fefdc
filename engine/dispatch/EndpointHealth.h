#pragma once
// How an endpoint is doing: its recent attempts and their latency, failures in a row, and the circuit they
// open (DESIGN §6: many failures in a row open it, and then only one probe at a time goes out until one
// succeeds). Kept by the dispatcher on its thread; copied out as a Snapshot for anyone else.

#include <QString>
#include <QtGlobal>

#include <deque>

namespace engine {

class EndpointHealth {
public:
    struct Snapshot {
        qint64 endpointId = 0;
        QString name;
        int inFlight = 0;
        int waiting = 0;          // loaded and due, not yet sent
        qint64 attempts = 0;      // since the engine started
        double successRate = 1.0; // over the last 200 attempts
        qint64 latencyP50Ms = 0;  // over the last 200 successes
        qint64 latencyP95Ms = 0;
        int failuresInRow = 0;
        bool circuitOpen = false;
        bool paused = false;
        QString lastError;
        qint64 lastErrorAtMs = 0;
        qint64 lastSuccessAtMs = 0;
    };

    explicit EndpointHealth(int circuitThreshold = 5) : m_threshold(circuitThreshold) {}

    // True when this failure opened the circuit.
    bool failure(const QString &error, qint64 nowMs);
    // True when this success closed the circuit.
    bool success(qint64 latencyMs, qint64 nowMs);
    // The circuit an earlier run of the engine left open, known by its alert that is still open: it stays
    // open (one probe at a time) and the first success closes it, which resolves that alert.
    void carryOver(const QString &lastError, qint64 sinceMs);
    bool circuitOpen() const { return m_circuitOpen; }
    // It has answered, and its latest attempt succeeded.
    bool answering() const { return m_lastSuccessAt != 0 && m_failuresInRow == 0; }
    const QString &lastError() const { return m_lastError; }
    Snapshot snapshot() const;

private:
    void remember(bool ok);

    int m_threshold;
    std::deque<bool> m_recent;
    std::deque<qint64> m_latencies;
    qint64 m_attempts = 0;
    int m_failuresInRow = 0;
    bool m_circuitOpen = false;
    QString m_lastError;
    qint64 m_lastErrorAt = 0;
    qint64 m_lastSuccessAt = 0;
};

} // namespace engine
