#include "CommandLine.h"

#include <QDateTime>

#include "deliveries/Delivery.h"
#include "push/ListenAddress.h"
#include "storage/postgres/PgAddress.h"

namespace {

// Splits "--name=value" and "--name value"; returns false when a value is missing.
bool takeValue(const QStringList &args, int &i, const QString &name, QString &value)
{
    const QString &arg = args[i];
    if (arg.startsWith(name + QLatin1Char('='))) {
        value = arg.mid(name.size() + 1);
        return true;
    }
    if (i + 1 >= args.size())
        return false;
    value = args[++i];
    return true;
}

} // namespace

QString CommandLine::usage()
{
    return QStringLiteral(
        "Usage:\n"
        "  integrator [--db PATH] [--listen ADDR:PORT] [--tls-cert FILE --tls-key FILE]\n"
        "                                            the desktop application\n"
        "  integrator --demo                         the desktop application over a demo: a simulated store and\n"
        "                                            endpoints, on a throwaway database; yours is not touched\n"
        "  integrator --headless [--db PATH] [--listen ADDR:PORT] [--tls-cert FILE --tls-key FILE]\n"
        "                                            the engine without a window, until SIGINT or SIGTERM\n"
        "  integrator config export [--db PATH] [--output FILE]\n"
        "                                            print the whole configuration as JSON (FILE is written 0600)\n"
        "  integrator config import FILE [--merge | --replace] [--db PATH]\n"
        "                                            merge the file into the configuration (the default), or\n"
        "                                            replace the configuration with it; a bad file changes nothing\n"
        "  integrator push --url URL --store ID --token T FILE.json\n"
        "                                            push a message or a batch to a hub and print its answer\n"
        "  integrator deliveries [--state S] [--endpoint NAME] [--type T] [--db PATH]\n"
        "                                            list deliveries as JSON lines\n"
        "  integrator retry (--id ID | --endpoint NAME | --type T | --all) [--state parked] [--db PATH]\n"
        "  integrator archive (--id ID | --endpoint NAME | --type T) [--state parked] [--db PATH]\n"
        "                                            retry or archive deliveries (parked ones unless --state says\n"
        "                                            otherwise); a running engine picks the change up in a second\n"
        "  integrator poll --store ID [--db PATH]\n"
        "                                            poll the store's API once now (with or without a running\n"
        "                                            engine) and print the messages it made as JSON lines\n"
        "  integrator alerts [--open] [--db PATH]\n"
        "                                            list alerts (only the open ones) as JSON lines\n"
        "  integrator consumers [--db PATH]\n"
        "                                            list the consumers and what each emitted, as JSON lines\n"
        "  integrator consumers try NAME FILE.json [--db PATH]\n"
        "                                            print what the consumer would emit from the message in FILE\n"
        "                                            (- for standard input) as JSON lines; nothing is stored\n"
        "  integrator history TYPE:ID [--db PATH]\n"
        "                                            an object's timeline (order:R123, shipment:H456, user:EMAIL,\n"
        "                                            product:SKU), oldest first, as JSON lines\n"
        "  integrator events [--level info|warn|error] [--since TIME] [--ref TYPE:ID] [--db PATH]\n"
        "                                            events (at that level or above, last seen since the ISO 8601\n"
        "                                            TIME), newest first, as JSON lines\n"
        "  integrator simulate-store [--port P] [--key K] [--v3-key sk_...] [--orders N]\n"
        "                            [--changes-per-minute N] [--mode normal|slow|down|500|401|403|429|html]\n"
        "                                            a simulated Spree store (API v1 with token K, the Admin API\n"
        "                                            v3 with the key) whose orders change as time goes by, for\n"
        "                                            trying the poller; POST /__simulator switches its mode\n"
        "  integrator --version | --help\n"
        "\n"
        "--db takes the SQLite database file, or a PostgreSQL database as\n"
        "postgresql://user:password@host:port/dbname (what it leaves out, libpq takes\n"
        "from PGHOST, PGUSER, ... and ~/.pgpass); several engines may share one.\n"
        "Without it the default is ~/.local/share/Integrator/integrator.db.\n"
        "--listen defaults to 127.0.0.1:8420.\n"
        "The window's Settings can change both defaults for the window.\n"
        "Exit codes: 0 success, 1 runtime failure, 2 bad usage or bad input.\n");
}

bool CommandLine::parse(const QStringList &arguments, CommandLine &out, QString &error)
{
    CommandLine cl;
    QStringList positional;
    bool headless = false;
    bool merge = false;
    bool replace = false;
    for (int i = 1; i < arguments.size(); ++i) {
        const QString &arg = arguments[i];
        auto value = [&](const QString &name, QString &target) {
            if (!takeValue(arguments, i, name, target)) {
                error = QStringLiteral("%1 needs a value").arg(name);
                return false;
            }
            return true;
        };
        if (arg == QLatin1String("--help") || arg == QLatin1String("-h")) {
            out = CommandLine{};
            out.command = Command::Help;
            return true;
        }
        if (arg == QLatin1String("--version") || arg == QLatin1String("-v")) {
            out = CommandLine{};
            out.command = Command::Version;
            return true;
        }
        if (arg == QLatin1String("--headless")) {
            headless = true;
        } else if (arg == QLatin1String("--demo")) {
            cl.demo = true;
        } else if (arg == QLatin1String("--merge")) {
            merge = true;
        } else if (arg == QLatin1String("--replace")) {
            replace = true;
        } else if (arg == QLatin1String("--db") || arg.startsWith(QLatin1String("--db="))) {
            if (!value(QStringLiteral("--db"), cl.database))
                return false;
        } else if (arg == QLatin1String("--listen") || arg.startsWith(QLatin1String("--listen="))) {
            if (!value(QStringLiteral("--listen"), cl.listen))
                return false;
        } else if (arg == QLatin1String("--tls-cert") || arg.startsWith(QLatin1String("--tls-cert="))) {
            if (!value(QStringLiteral("--tls-cert"), cl.tlsCertificate))
                return false;
        } else if (arg == QLatin1String("--tls-key") || arg.startsWith(QLatin1String("--tls-key="))) {
            if (!value(QStringLiteral("--tls-key"), cl.tlsKey))
                return false;
        } else if (arg == QLatin1String("--url") || arg.startsWith(QLatin1String("--url="))) {
            if (!value(QStringLiteral("--url"), cl.url))
                return false;
        } else if (arg == QLatin1String("--store") || arg.startsWith(QLatin1String("--store="))) {
            if (!value(QStringLiteral("--store"), cl.store))
                return false;
        } else if (arg == QLatin1String("--token") || arg.startsWith(QLatin1String("--token="))) {
            if (!value(QStringLiteral("--token"), cl.token))
                return false;
        } else if (arg == QLatin1String("--state") || arg.startsWith(QLatin1String("--state="))) {
            if (!value(QStringLiteral("--state"), cl.state))
                return false;
        } else if (arg == QLatin1String("--endpoint") || arg.startsWith(QLatin1String("--endpoint="))) {
            if (!value(QStringLiteral("--endpoint"), cl.endpoint))
                return false;
        } else if (arg == QLatin1String("--type") || arg.startsWith(QLatin1String("--type="))) {
            if (!value(QStringLiteral("--type"), cl.type))
                return false;
        } else if (arg == QLatin1String("--id") || arg.startsWith(QLatin1String("--id="))) {
            if (!value(QStringLiteral("--id"), cl.id))
                return false;
        } else if (arg == QLatin1String("--level") || arg.startsWith(QLatin1String("--level="))) {
            if (!value(QStringLiteral("--level"), cl.level))
                return false;
            if (!QStringList{QStringLiteral("info"), QStringLiteral("warn"), QStringLiteral("error")}.contains(
                    cl.level)) {
                error = QStringLiteral("--level takes info, warn or error, not '%1'").arg(cl.level);
                return false;
            }
        } else if (arg == QLatin1String("--since") || arg.startsWith(QLatin1String("--since="))) {
            QString text;
            if (!value(QStringLiteral("--since"), text))
                return false;
            const QDateTime since = QDateTime::fromString(text, Qt::ISODateWithMs);
            if (!since.isValid()) {
                error = QStringLiteral("--since takes an ISO 8601 time, like 2026-12-01T09:00:00Z, not '%1'").arg(text);
                return false;
            }
            cl.sinceMs = since.toMSecsSinceEpoch();
        } else if (arg == QLatin1String("--ref") || arg.startsWith(QLatin1String("--ref="))) {
            if (!value(QStringLiteral("--ref"), cl.object))
                return false;
        } else if (arg == QLatin1String("--all")) {
            cl.all = true;
        } else if (arg == QLatin1String("--open")) {
            cl.open = true;
        } else if (arg == QLatin1String("--key") || arg.startsWith(QLatin1String("--key="))) {
            cl.simulate.given = true;
            if (!value(QStringLiteral("--key"), cl.simulate.key))
                return false;
        } else if (arg == QLatin1String("--v3-key") || arg.startsWith(QLatin1String("--v3-key="))) {
            cl.simulate.given = true;
            if (!value(QStringLiteral("--v3-key"), cl.simulate.v3Key))
                return false;
        } else if (arg == QLatin1String("--mode") || arg.startsWith(QLatin1String("--mode="))) {
            cl.simulate.given = true;
            if (!value(QStringLiteral("--mode"), cl.simulate.mode))
                return false;
        } else if (arg == QLatin1String("--port") || arg == QLatin1String("--orders") ||
                   arg == QLatin1String("--changes-per-minute") || arg.startsWith(QLatin1String("--port=")) ||
                   arg.startsWith(QLatin1String("--orders=")) ||
                   arg.startsWith(QLatin1String("--changes-per-minute="))) {
            cl.simulate.given = true;
            const QString name = arg.section(QLatin1Char('='), 0, 0);
            QString text;
            if (!value(name, text))
                return false;
            bool ok = false;
            const int n = text.toInt(&ok);
            const int most = name == QLatin1String("--port") ? 65535 : 1'000'000;
            if (!ok || n < 0 || n > most) {
                error = QStringLiteral("%1 takes a number from 0 to %2, not '%3'").arg(name).arg(most).arg(text);
                return false;
            }
            if (name == QLatin1String("--port"))
                cl.simulate.port = quint16(n);
            else if (name == QLatin1String("--orders"))
                cl.simulate.orders = n;
            else
                cl.simulate.changesPerMinute = n;
        } else if (arg == QLatin1String("--output") || arg.startsWith(QLatin1String("--output=")) ||
                   arg == QLatin1String("-o")) {
            if (!value(arg == QLatin1String("-o") ? QStringLiteral("-o") : QStringLiteral("--output"), cl.output))
                return false;
        } else if (arg.startsWith(QLatin1Char('-')) && arg != QLatin1String("-")) {
            error = QStringLiteral("unknown option %1").arg(arg);
            return false;
        } else {
            positional << arg;
        }
    }

    if (engine::PgAddress::isPostgres(cl.database)) {
        if (auto address = engine::PgAddress::parse(cl.database); !address) {
            error = QStringLiteral("--db: %1").arg(address.error().text());
            return false;
        }
    }
    if (!cl.listen.isEmpty()) {
        if (auto listen = engine::ListenAddress::parse(cl.listen); !listen) {
            error = QStringLiteral("--listen: %1").arg(listen.error().message);
            return false;
        }
    }
    if (cl.tlsCertificate.isEmpty() != cl.tlsKey.isEmpty()) {
        error = QStringLiteral("TLS for the push API takes both --tls-cert FILE and --tls-key FILE");
        return false;
    }
    if (!cl.tlsCertificate.isEmpty() && (cl.demo || !positional.isEmpty())) {
        error = QStringLiteral("--tls-cert and --tls-key are for the push API: the window or --headless");
        return false;
    }
    if (merge && replace) {
        error = QStringLiteral("choose one of --merge and --replace");
        return false;
    }

    if (cl.demo && (headless || !positional.isEmpty() || !cl.database.isEmpty() || !cl.listen.isEmpty())) {
        error = QStringLiteral("--demo opens the window on a throwaway database and port of its own; give it no "
                               "command, --headless, --db or --listen");
        return false;
    }
    if (positional.isEmpty()) {
        cl.command = headless ? Command::Headless : Command::Window;
    } else if (positional.first() == QLatin1String("config")) {
        const QString sub = positional.value(1);
        if (sub == QLatin1String("export") && positional.size() == 2) {
            cl.command = Command::ConfigExport;
        } else if (sub == QLatin1String("import") && positional.size() == 3) {
            cl.command = Command::ConfigImport;
            cl.file = positional[2];
            cl.importMode = replace ? ImportMode::Replace : ImportMode::Merge;
        } else if (sub == QLatin1String("import")) {
            error = QStringLiteral("config import needs exactly one FILE");
            return false;
        } else {
            error = QStringLiteral("config takes export or import");
            return false;
        }
    } else if (positional.first() == QLatin1String("deliveries") && positional.size() == 1) {
        cl.command = Command::Deliveries;
    } else if ((positional.first() == QLatin1String("retry") || positional.first() == QLatin1String("archive")) &&
               positional.size() == 1) {
        cl.command = positional.first() == QLatin1String("retry") ? Command::Retry : Command::Archive;
        const int chosen = int(!cl.id.isEmpty()) + int(!cl.endpoint.isEmpty() || !cl.type.isEmpty()) + int(cl.all);
        if (chosen != 1 || (cl.all && cl.command == Command::Archive)) {
            error = cl.command == Command::Retry ? QStringLiteral("retry needs one of --id, --endpoint/--type or --all")
                                                 : QStringLiteral("archive needs one of --id or --endpoint/--type");
            return false;
        }
    } else if (positional.first() == QLatin1String("poll") && positional.size() == 1) {
        if (cl.store.isEmpty()) {
            error = QStringLiteral("poll needs --store ID");
            return false;
        }
        cl.command = Command::Poll;
    } else if (positional.first() == QLatin1String("alerts") && positional.size() == 1) {
        cl.command = Command::Alerts;
    } else if (positional.first() == QLatin1String("history")) {
        if (positional.size() != 2 || !positional[1].contains(QLatin1Char(':'))) {
            error = QStringLiteral("history needs one object as TYPE:ID, like order:R123");
            return false;
        }
        cl.command = Command::History;
        cl.object = positional[1];
    } else if (positional.first() == QLatin1String("events") && positional.size() == 1) {
        cl.command = Command::Events;
        if (!cl.object.isEmpty() && !cl.object.contains(QLatin1Char(':'))) {
            error = QStringLiteral("--ref takes TYPE:ID, like order:R123");
            return false;
        }
    } else if (positional.first() == QLatin1String("consumers") && positional.size() == 1) {
        cl.command = Command::Consumers;
    } else if (positional.first() == QLatin1String("consumers")) {
        if (positional.value(1) != QLatin1String("try") || positional.size() != 4) {
            error = QStringLiteral("consumers takes nothing, or try NAME FILE.json");
            return false;
        }
        cl.command = Command::ConsumersTry;
        cl.name = positional[2];
        cl.file = positional[3];
    } else if (positional.first() == QLatin1String("simulate-store") && positional.size() == 1) {
        cl.command = Command::SimulateStore;
        static const QStringList modes = {QStringLiteral("normal"), QStringLiteral("slow"), QStringLiteral("down"),
                                          QStringLiteral("500"),    QStringLiteral("401"),  QStringLiteral("403"),
                                          QStringLiteral("429"),    QStringLiteral("html")};
        if (!modes.contains(cl.simulate.mode)) {
            error = QStringLiteral("--mode takes one of %1").arg(modes.join(QStringLiteral(", ")));
            return false;
        }
        if (cl.simulate.key.isEmpty() && cl.simulate.v3Key.isEmpty())
            cl.simulate.key = QStringLiteral("simulated-key");
        if (!cl.simulate.v3Key.isEmpty() && !cl.simulate.v3Key.startsWith(QLatin1String("sk_"))) {
            error = QStringLiteral("--v3-key is an Admin API secret key: it starts with sk_");
            return false;
        }
    } else if (positional.first() == QLatin1String("push")) {
        if (positional.size() != 2) {
            error = QStringLiteral("push needs exactly one FILE.json (or - for standard input)");
            return false;
        }
        if (cl.url.isEmpty() || cl.store.isEmpty() || cl.token.isEmpty()) {
            error = QStringLiteral("push needs --url, --store and --token");
            return false;
        }
        cl.command = Command::Push;
        cl.file = positional[1];
    } else {
        error = QStringLiteral("unknown command %1").arg(positional.first());
        return false;
    }
    if (cl.command != Command::Push &&
        !(cl.url.isEmpty() && cl.token.isEmpty() && (cl.store.isEmpty() || cl.command == Command::Poll))) {
        error = QStringLiteral("--url and --token belong to push, --store to push and poll");
        return false;
    }
    if ((!cl.level.isEmpty() || cl.sinceMs || (!cl.object.isEmpty() && cl.command != Command::History)) &&
        cl.command != Command::Events) {
        error = QStringLiteral("--level, --since and --ref belong to events");
        return false;
    }
    if (cl.open && cl.command != Command::Alerts) {
        error = QStringLiteral("--open belongs to alerts");
        return false;
    }
    if (headless && cl.command != Command::Headless) {
        error = QStringLiteral("--headless runs the engine; it does not combine with %1").arg(positional.first());
        return false;
    }
    if ((merge || replace) && cl.command != Command::ConfigImport) {
        error = QStringLiteral("--merge and --replace belong to config import");
        return false;
    }
    const bool selects =
        cl.command == Command::Deliveries || cl.command == Command::Retry || cl.command == Command::Archive;
    if (!selects &&
        (!cl.state.isEmpty() || !cl.endpoint.isEmpty() || !cl.type.isEmpty() || !cl.id.isEmpty() || cl.all)) {
        error = QStringLiteral("--state, --endpoint, --type, --id and --all belong to deliveries, retry and archive");
        return false;
    }
    // Every state a delivery can be found in (nothing writes `sending` yet: see Delivery.h).
    const QStringList states =
        engine::deliveryStateNames([](engine::DeliveryState s) { return s != engine::DeliveryState::Sending; });
    if (!cl.state.isEmpty() && !states.contains(cl.state)) {
        error =
            QStringLiteral("--state %1 is not a delivery state (%2)").arg(cl.state, states.join(QStringLiteral(", ")));
        return false;
    }
    if (cl.simulate.given && cl.command != Command::SimulateStore) {
        error = QStringLiteral("--port, --key, --v3-key, --orders, --changes-per-minute and --mode belong to "
                               "simulate-store");
        return false;
    }
    if (!cl.output.isEmpty() && cl.command != Command::ConfigExport) {
        error = QStringLiteral("--output belongs to config export");
        return false;
    }
    out = cl;
    return true;
}
