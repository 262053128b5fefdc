#pragma once
// `integrator --headless` as an owner runs it, started by the tests that need a whole process (to kill it,
// to run a second one beside it). INTEGRATOR_BINARY is defined for every test target.

#include <QElapsedTimer>
#include <QProcess>
#include <QString>

namespace test {

// Starts the engine on `db`, listening on 127.0.0.1:`port`, and waits up to 20 s until it says it is
// running. Returns what it wrote to stderr: it contains "running headless" when the engine came up.
inline QByteArray startHeadless(QProcess &process, const QString &db, quint16 port)
{
    process.start(QStringLiteral(INTEGRATOR_BINARY),
                  {QStringLiteral("--headless"), QStringLiteral("--db"), db, QStringLiteral("--listen"),
                   QStringLiteral("127.0.0.1:%1").arg(port)});
    QByteArray err;
    if (!process.waitForStarted(10000))
        return err;
    QElapsedTimer timer;
    timer.start();
    while (!err.contains("running headless") && timer.elapsed() < 20000) {
        process.waitForReadyRead(50);
        err += process.readAllStandardError();
    }
    return err;
}

} // namespace test
