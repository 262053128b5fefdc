#pragma once
// Turns SIGINT and SIGTERM into a Qt signal on the main thread, so a headless engine can shut down cleanly.
// Lives on the thread that creates it (the main thread); one per process.

#include <QObject>

class QSocketNotifier;

class SignalWatcher : public QObject {
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

Q_SIGNALS:
    void stopRequested(int signal);

private:
    static void handle(int signal);
    void readSignal();

    QSocketNotifier *m_notifier = nullptr;
};
