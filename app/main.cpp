// integrator: the desktop application, the headless engine and the owner's command-line tools.

#include "CommandLine.h"
#include "Commands.h"

#include <QApplication>
#include <QCoreApplication>

#include <cstdio>
#include <memory>

int main(int argc, char *argv[])
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);

    CommandLine cl;
    QString error;
    if (!CommandLine::parse(arguments, cl, error)) {
        std::fprintf(stderr, "integrator: %s\n\n%s", qPrintable(error), qPrintable(CommandLine::usage()));
        return 2;
    }
    if (cl.command == CommandLine::Command::Help) {
        std::printf("Integrator %s: a JSON messaging hub for Spree stores.\n\n%s", INTEGRATOR_VERSION,
                    qPrintable(CommandLine::usage()));
        return 0;
    }
    if (cl.command == CommandLine::Command::Version) {
        std::printf("integrator %s\n", INTEGRATOR_VERSION);
        return 0;
    }

    // Only the window needs a display; everything else must run on a server without one.
    std::unique_ptr<QCoreApplication> app;
    if (cl.command == CommandLine::Command::Window)
        app = std::make_unique<QApplication>(argc, argv);
    else
        app = std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Integrator"));
    // The demo keeps its settings and its throwaway database apart from the owner's own.
    QCoreApplication::setApplicationName(cl.demo ? QStringLiteral("Integrator Demo") : QStringLiteral("Integrator"));
    QCoreApplication::setApplicationVersion(QStringLiteral(INTEGRATOR_VERSION));
    if (cl.command == CommandLine::Command::Window) // the desktop entry's name, for the shell to match the window
        QGuiApplication::setDesktopFileName(QStringLiteral("org.integratorhub.Integrator"));

    switch (cl.command) {
    case CommandLine::Command::Window:
        return Commands::window(cl);
    case CommandLine::Command::Headless:
        return Commands::headless(cl);
    case CommandLine::Command::ConfigExport:
        return Commands::configExport(cl);
    case CommandLine::Command::ConfigImport:
        return Commands::configImport(cl);
    case CommandLine::Command::Push:
        return Commands::push(cl);
    case CommandLine::Command::Deliveries:
        return Commands::deliveries(cl);
    case CommandLine::Command::Retry:
    case CommandLine::Command::Archive:
        return Commands::deliveryAction(cl);
    case CommandLine::Command::Poll:
        return Commands::poll(cl);
    case CommandLine::Command::Alerts:
        return Commands::alerts(cl);
    case CommandLine::Command::Consumers:
        return Commands::consumers(cl);
    case CommandLine::Command::ConsumersTry:
        return Commands::consumersTry(cl);
    case CommandLine::Command::History:
        return Commands::history(cl);
    case CommandLine::Command::Events:
        return Commands::events(cl);
    case CommandLine::Command::SimulateStore:
        return Commands::simulateStore(cl);
    default:
        return 2;
    }
}
