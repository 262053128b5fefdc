#include "Commands.h"

#include "Engine.h"
#include "MainWindow.h"
#include "SignalWatcher.h"
#include "config/ConfigRepository.h"
#include "database/DatabaseWriter.h"

#include <QApplication>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <cstdio>

using namespace engine;

namespace {

QString databasePath(const CommandLine &cl)
{
    return cl.database.isEmpty() ? Engine::defaultDatabasePath() : cl.database;
}

void printError(const QString &message) { std::fprintf(stderr, "integrator: %s\n", qPrintable(message)); }

int fail(const Error &error)
{
    printError(error.text());
    return error.runtimeFailure ? 1 : 2;
}

} // namespace

namespace Commands {

int headless(const CommandLine &cl)
{
    // Watching before starting: a signal that arrives meanwhile is handled as soon as the loop runs.
    SignalWatcher signals;
    QObject::connect(&signals, &SignalWatcher::stopRequested, qApp, [](int signal) {
        std::fprintf(stderr, "Integrator: signal %d, shutting down.\n", signal);
        QCoreApplication::quit();
    });
    Engine engine({.databasePath = databasePath(cl)});
    if (Status ok = engine.start(); !ok)
        return fail(ok.error());
    std::fprintf(stderr, "Integrator %s running headless on %s. Stop it with Ctrl-C or SIGTERM.\n", INTEGRATOR_VERSION,
                 qPrintable(engine.databasePath()));
    QCoreApplication::exec();
    engine.stop();
    return 0;
}

int window(const CommandLine &cl)
{
    // SIGTERM (a logout, a service manager) closes the window as the owner would, so shutdown is clean.
    SignalWatcher signals;
    QObject::connect(&signals, &SignalWatcher::stopRequested, qApp, &QApplication::closeAllWindows);
    Engine engine({.databasePath = databasePath(cl)});
    if (Status ok = engine.start(); !ok)
        return fail(ok.error());
    ui::MainWindow window(engine.databasePath());
    window.show();
    std::fprintf(stderr, "Integrator %s running on %s.\n", INTEGRATOR_VERSION, qPrintable(engine.databasePath()));
    const int code = QApplication::exec();
    engine.stop();
    return code;
}

int configExport(const CommandLine &cl)
{
    const QString path = databasePath(cl);
    if (!QFileInfo::exists(path))
        return fail(Error{QStringLiteral("there is no database at %1").arg(path)});
    DatabaseWriter writer(path);
    if (Status ok = writer.start(); !ok)
        return fail(ok.error());
    Json exported;
    Status read = writer.execute([&exported](WriteTransaction &tx) -> Status {
        Result<Configuration> config = ConfigRepository(tx.database(), tx.clock()).load();
        if (!config)
            return config.error();
        exported = config->toJson();
        return {};
    });
    writer.stop();
    if (!read)
        return fail(read.error());

    const QByteArray text = QByteArray::fromStdString(exported.dump(2)) + '\n';
    if (cl.output.isEmpty()) {
        std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
        return 0;
    }
    // Every secret is in the file: owner-only from the first byte, and replaced whole or not at all.
    QSaveFile file(cl.output);
    if (!file.open(QIODevice::WriteOnly) ||
        !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) || file.write(text) != text.size() ||
        !file.commit())
        return fail(runtimeError(QStringLiteral("cannot write %1: %2").arg(cl.output, file.errorString())));
    return 0;
}

int configImport(const CommandLine &cl)
{
    QFile file(cl.file);
    if (!file.open(QIODevice::ReadOnly))
        return fail(Error{QStringLiteral("cannot read %1: %2").arg(cl.file, file.errorString())});
    const Json json = Json::parse(file.readAll().toStdString(), nullptr, false);
    if (json.is_discarded())
        return fail(Error{QStringLiteral("%1 is not valid JSON").arg(cl.file)});
    Result<Configuration> config = Configuration::fromJson(json);
    if (!config)
        return fail(config.error().prefixed(cl.file));

    DatabaseWriter writer(databasePath(cl));
    if (Status ok = writer.start(); !ok)
        return fail(ok.error());
    const auto mode = cl.importMode == CommandLine::ImportMode::Replace ? ConfigRepository::ImportMode::Replace
                                                                        : ConfigRepository::ImportMode::Merge;
    Status imported = writer.execute([&](WriteTransaction &tx) {
        return ConfigRepository(tx.database(), tx.clock()).import(*config, mode);
    });
    writer.stop();
    if (!imported)
        return fail(imported.error().prefixed(cl.file));
    std::printf("%s %s: %zu store(s), %zu endpoint(s), %zu subscription(s), %zu consumer(s) in the file.\n",
                mode == ConfigRepository::ImportMode::Replace ? "Replaced the configuration with" : "Merged",
                qPrintable(cl.file), config->stores.size(), config->endpoints.size(), config->subscriptions.size(),
                config->consumers.size());
    return 0;
}

} // namespace Commands
