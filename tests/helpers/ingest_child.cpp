// A child process for the crash test: starts the engine on the database it is given and takes messages as
// fast as it can, printing "ack <id>" for each one only after its transaction has committed. It runs until
// it is killed; the test kills it with SIGKILL at a random moment.

#include "Engine.h"
#include "storage/sqlite/DatabaseWriter.h"

#include <QCoreApplication>

#include <atomic>
#include <cstdio>
#include <random>
#include <thread>

using namespace engine;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc < 3) {
        std::fprintf(stderr, "usage: ingest_child DB SEED\n");
        return 2;
    }
    Engine engine({.databasePath = QString::fromLocal8Bit(argv[1]), .createDefaultStore = false});
    if (Status ok = engine.start(); !ok) {
        std::fprintf(stderr, "ingest_child: %s\n", qPrintable(ok.error().text()));
        return 1;
    }
    std::printf("ready\n");
    std::fflush(stdout);

    std::mt19937 random(static_cast<unsigned>(std::atoi(argv[2])));
    std::atomic<long> inFlight{0};
    for (long n = 0;; ++n) {
        if (engine.writer().queuedWeight() > 500) {
            std::this_thread::yield();
            continue;
        }
        const int size = 1 + int(random() % 40);
        std::vector<IncomingMessage> batch;
        for (int i = 0; i < size; ++i) {
            Json payload = {{"order", {{"number", "R" + std::to_string(n * 100 + i)}, {"status", "complete"}}}};
            Result<Message> m = Message::create("order:new", std::move(payload));
            batch.push_back(IncomingMessage::from(std::move(m).value(), QStringLiteral("main"), "push"));
        }
        ++inFlight;
        engine.ingest().take(std::move(batch),
                             [&inFlight](const Status &committed, const std::vector<TakenMessage> &taken) {
                                 if (committed) {
                                     for (const TakenMessage &t : taken)
                                         std::printf("ack %s\n", t.id.c_str());
                                     std::fflush(stdout);
                                 }
                                 --inFlight;
                             });
    }
}
