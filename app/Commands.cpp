#include "Commands.h"

#include "AppSettings.h"
#include "Backend.h"
#include "Engine.h"
#include "MainWindow.h"
#include "SignalWatcher.h"
#include "consume/ConsumerTrial.h"
#include "core/BlockingHttp.h"
#include "demo/Demo.h"
#include "owner/OwnerActions.h"
#include "poll/StorePoller.h"
#include "push/ListenAddress.h"
#include "simstore/SimulatedStore.h"
#include "storage/AlertStore.h"
#include "storage/Backend.h"
#include "storage/ConfigStore.h"
#include "storage/ConsumerStore.h"
#include "storage/DeliveryStore.h"
#include "storage/EventStore.h"
#include "storage/History.h"
#include "storage/ReadConnection.h"
#include "storage/SettingsStore.h"

#include <QApplication>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QMessageBox>
#include <QSaveFile>
#include <QUrl>

#include <cstdio>

using namespace engine;

namespace {

QString databasePath(const CommandLine &cl)
{
    return cl.database.isEmpty() ? Engine::defaultDatabasePath() : cl.database;
}

// The engine as the application and the headless mode run it: with the push API on --listen.
Engine::Options engineOptions(const CommandLine &cl)
{
    PushHttpServer::Options push;
    if (!cl.listen.isEmpty()) {
        if (Result<ListenAddress> listen = ListenAddress::parse(cl.listen)) { // checked when the line was parsed
            push.address = listen->address;
            push.port = listen->port;
        }
    }
    push.tls = PushTls::Files{cl.tlsCertificate, cl.tlsKey};
    Engine::Options options{.databasePath = databasePath(cl)};
    options.push = push;
    options.dispatch = Dispatcher::Options{};
    options.poll = Poller::Options{};
    return options;
}

// A time as JSON: ISO 8601 in UTC, or null for never (0).
Json isoTime(qint64 ms)
{
    return ms ? Json(QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs).toStdString()) : Json();
}

// The file a command reads, or standard input for "-".
Result<QByteArray> readInput(const QString &path)
{
    QFile file;
    const bool fromStdin = path == QLatin1String("-");
    if (fromStdin ? !file.open(stdin, QIODevice::ReadOnly) : (file.setFileName(path), !file.open(QIODevice::ReadOnly)))
        return Error{QStringLiteral("cannot read %1: %2").arg(path, file.errorString())};
    return file.readAll();
}

void printError(const QString &message)
{
    std::fprintf(stderr, "integrator: %s\n", qPrintable(message));
}

int fail(const Error &error)
{
    printError(error.text());
    return error.runtimeFailure ? 1 : 2;
}

// The database a tool works on: it must exist; its writer is started first, so that an older one is upgraded.
// (A PostgreSQL database exists once the server lets us in; its writer makes the schema if it is empty.)
Result<std::unique_ptr<Writer>> startWriter(const QString &path)
{
    Result<std::unique_ptr<Writer>> writer = makeWriter(path, Clock::system());
    if (!writer)
        return writer.error();
    if (Status ok = (*writer)->start(); !ok)
        return ok.error();
    return writer;
}
Result<std::unique_ptr<Writer>> openWriter(const CommandLine &cl)
{
    const QString path = databasePath(cl);
    if (backendOf(path) == BackendKind::Sqlite && !QFileInfo::exists(path))
        return Error{QStringLiteral("there is no database at %1").arg(path)};
    return startWriter(path);
}

// The same, with a read connection on it beside the writer, and its configuration.
struct OpenDatabase {
    std::unique_ptr<Writer> writer;
    std::unique_ptr<ReadConnection> reads;
    Configuration config; // as it was when opened
};
Result<OpenDatabase> openForReading(const CommandLine &cl)
{
    Result<std::unique_ptr<Writer>> writer = openWriter(cl);
    if (!writer)
        return writer.error();
    Result<std::unique_ptr<ReadConnection>> reads = openReadConnection(databasePath(cl));
    if (!reads)
        return reads.error();
    Result<Configuration> config = ConfigStore((*reads)->database(), Clock::system()).load();
    if (!config)
        return config.error();
    return OpenDatabase{std::move(writer).value(), std::move(reads).value(), std::move(config).value()};
}

} // namespace

namespace Commands {

int headless(const CommandLine &cl)
{
    // Watching before starting: a signal that arrives meanwhile is handled as soon as the loop runs.
    SignalWatcher signals;
    // The application object is a QCoreApplication here: qApp would cast it to the QApplication it is not.
    QObject::connect(&signals, &SignalWatcher::stopRequested, QCoreApplication::instance(), [](int signal) {
        std::fprintf(stderr, "Integrator: signal %d, shutting down.\n", signal);
        QCoreApplication::quit();
    });
    Engine engine(engineOptions(cl));
    if (Status ok = engine.start(); !ok)
        return fail(ok.error());
    std::fprintf(stderr,
                 "Integrator %s running headless on %s, push API on port %u%s. Stop it with Ctrl-C or SIGTERM.\n",
                 INTEGRATOR_VERSION, qPrintable(engine.databaseDisplay()), unsigned(engine.pushPort()),
                 cl.tlsCertificate.isEmpty() ? "" : " (HTTPS)");
    QCoreApplication::exec();
    engine.stop();
    return 0;
}

int window(const CommandLine &given)
{
    // SIGTERM (a logout, a service manager) closes the window as the owner would, so shutdown is clean.
    SignalWatcher signals;
    QObject::connect(&signals, &SignalWatcher::stopRequested, qApp, &QApplication::closeAllWindows);
    // Started from a menu there is no terminal to read, so a failure to start is said in a window too.
    const auto cannotStart = [](const Error &error) {
        printError(error.text());
        QMessageBox::critical(nullptr, QStringLiteral("Integrator"),
                              QStringLiteral("Integrator cannot start: %1").arg(error.text()));
        return error.runtimeFailure ? 1 : 2;
    };

    std::unique_ptr<demo::Demo> demo;
    std::unique_ptr<Engine> own;
    QHostAddress pushAddress = QHostAddress::LocalHost;
    if (given.demo) {
        demo = std::make_unique<demo::Demo>(demo::Demo::Options{});
        if (Status ok = demo->start(); !ok)
            return cannotStart(ok.error());
    } else {
        // What the Settings dialog chose, unless the command line says otherwise.
        CommandLine cl = given;
        const ui::AppSettings settings = ui::AppSettings::load();
        if (cl.database.isEmpty())
            cl.database = settings.databasePath;
        if (cl.listen.isEmpty())
            cl.listen = settings.listen;
        own = std::make_unique<Engine>(engineOptions(cl));
        if (Status ok = own->start(); !ok)
            return cannotStart(ok.error());
        if (Result<ListenAddress> listen = ListenAddress::parse(cl.listen))
            pushAddress = listen->address;
    }
    Engine &engine = demo ? demo->engine() : *own;
    ui::Backend backend(engine, ListenAddress{pushAddress, engine.pushPort()}.baseUrl(!given.tlsCertificate.isEmpty()));
    ui::MainWindow window(backend);
    if (demo)
        window.showDemoBanner(engine.databasePath());
    window.show();
    std::fprintf(stderr, "Integrator %s running on %s%s.\n", INTEGRATOR_VERSION, qPrintable(engine.databaseDisplay()),
                 demo ? " (the demo)" : "");
    const int code = QApplication::exec();
    if (demo)
        demo->stop();
    else
        own->stop();
    return code;
}

int configExport(const CommandLine &cl)
{
    Result<std::unique_ptr<Writer>> writer = openWriter(cl);
    if (!writer)
        return fail(writer.error());
    Result<Configuration> exported =
        OwnerActions(**writer, Clock::system(), nullptr, nullptr, nullptr, true).exportConfigurationAndWait();
    (*writer)->stop();
    if (!exported)
        return fail(exported.error());

    const QByteArray text = QByteArray::fromStdString(exported->toJson().dump(2)) + '\n';
    if (cl.output.isEmpty()) {
        std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
        return 0;
    }
    // Every secret is in the file: owner-only from the first byte, and replaced whole or not at all.
    QSaveFile file(cl.output);
    if (!file.open(QIODevice::WriteOnly) || !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) ||
        file.write(text) != text.size() || !file.commit())
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

    Result<std::unique_ptr<Writer>> started = startWriter(databasePath(cl));
    if (!started)
        return fail(started.error());
    Writer &writer = **started;
    const auto mode = cl.importMode == CommandLine::ImportMode::Replace ? ConfigStore::ImportMode::Replace
                                                                        : ConfigStore::ImportMode::Merge;
    Status imported = OwnerActions(writer, Clock::system(), nullptr, nullptr, nullptr, true)
                          .importConfigurationAndWait(*config, mode);
    writer.stop();
    if (!imported)
        return fail(imported.error().prefixed(cl.file));
    std::printf("%s %s: %zu store(s), %zu endpoint(s), %zu subscription(s), %zu consumer(s) in the file.\n",
                mode == ConfigStore::ImportMode::Replace ? "Replaced the configuration with" : "Merged",
                qPrintable(cl.file), config->stores.size(), config->endpoints.size(), config->subscriptions.size(),
                config->consumers.size());
    return 0;
}

} // namespace Commands

namespace Commands {

int push(const CommandLine &cl)
{
    Result<QByteArray> body = readInput(cl.file);
    if (!body)
        return fail(body.error());

    QString base = cl.url;
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    const QByteArray url = (base + QStringLiteral("/api/stores/") +
                            QString::fromLatin1(QUrl::toPercentEncoding(cl.store)) + QStringLiteral("/messages"))
                               .toUtf8();
    const QByteArray tokenHeader = "X-Hub-Access-Token: " + cl.token.toUtf8();

    BlockingHttp http;
    BlockingHttp::Request request;
    request.method = "POST";
    request.url = url;
    request.headers = {"Content-Type: application/json", tokenHeader};
    request.body = *body;
    request.timeoutMs = 60'000;
    const BlockingHttp::Answer reply = http.send(request);
    if (reply.status == 0)
        return fail(runtimeError(QStringLiteral("cannot reach %1: %2").arg(QString::fromUtf8(url), reply.error)));
    const long status = reply.status;
    const QByteArray &answer = reply.body;
    if (status == 202) {
        std::fwrite(answer.constData(), 1, size_t(answer.size()), stdout);
        std::fputc('\n', stdout);
        return 0;
    }
    std::fprintf(stderr, "integrator: the hub answered %ld: %s\n", status, answer.constData());
    return status >= 400 && status < 500 ? 2 : 1;
}

} // namespace Commands

namespace Commands {

int deliveries(const CommandLine &cl)
{
    Result<OpenDatabase> db = openForReading(cl);
    if (!db)
        return fail(db.error());
    DeliveryStore::Listing listing;
    if (!cl.state.isEmpty())
        listing.state = deliveryStateFromName(cl.state.toStdString());
    listing.endpointName = cl.endpoint;
    listing.type = cl.type;
    Status listed = DeliveryStore::list(db->reads->database(), listing, [](const Delivery &d, const QString &endpoint) {
        Json line{{"id", d.id},
                  {"parent", d.parentId},
                  {"endpoint", endpoint.toStdString()},
                  {"type", d.type},
                  {"state", deliveryStateName(d.state)},
                  {"attempts", d.attempts},
                  {"last_status", d.lastStatus ? Json(*d.lastStatus) : Json()},
                  {"last_error", d.lastError.isEmpty() ? Json() : Json(d.lastError.toStdString())}};
        std::printf("%s\n", line.dump().c_str());
    });
    return listed ? 0 : fail(listed.error());
}

int deliveryAction(const CommandLine &cl)
{
    const bool retry = cl.command == CommandLine::Command::Retry;
    Result<std::unique_ptr<Writer>> opened = openWriter(cl);
    if (!opened)
        return fail(opened.error());
    Writer &writer = **opened;

    DeliveryActions::Selection selection;
    if (!cl.id.isEmpty())
        selection.ids = {cl.id.toStdString()};
    if (!cl.type.isEmpty())
        selection.type = cl.type;
    if (!cl.state.isEmpty())
        selection.states = {deliveryStateFromName(cl.state.toStdString()).value_or(DeliveryState::Parked)};
    selection.endpointName = cl.endpoint;
    const auto action = retry ? DeliveryActions::Action::Retry : DeliveryActions::Action::Archive;
    if (!selection.states.empty() && DeliveryActions::statesFor(action, selection.states).empty()) {
        return fail(Error{QStringLiteral("%1 does not apply to %2 deliveries")
                              .arg(QLatin1String(DeliveryActions::actionName(action)), cl.state)});
    }
    // Marked as made outside the engine, so that an engine running on this database notices.
    OwnerActions owner(writer, Clock::system(), nullptr, nullptr, nullptr, true);
    Result<int> changed = owner.deliveries().runAndWait(action, selection);
    writer.stop();
    if (!changed)
        return fail(changed.error());
    if (!cl.id.isEmpty() && *changed == 0) {
        return fail(Error{QStringLiteral("delivery %1 was not changed: it does not exist, or is in a state %2 does not "
                                         "apply to")
                              .arg(cl.id, QLatin1String(DeliveryActions::actionName(action)))});
    }
    std::printf("%s %d deliver%s.\n", retry ? "Retried" : "Archived", *changed, *changed == 1 ? "y" : "ies");
    return 0;
}

} // namespace Commands

namespace Commands {

int poll(const CommandLine &cl)
{
    Result<OpenDatabase> db = openForReading(cl);
    if (!db)
        return fail(db.error());
    Writer &writer = *db->writer;
    const Configuration *config = &db->config;
    const auto store =
        std::find_if(config->stores.begin(), config->stores.end(), [&](const Store &s) { return s.id == cl.store; });
    if (store == config->stores.end())
        return fail(Error{QStringLiteral("there is no store '%1'").arg(cl.store)});
    if (store->apiUrl.isEmpty() || store->apiKey.isEmpty())
        return fail(Error{QStringLiteral("the store '%1' has no API URL and key to poll").arg(cl.store)});
    Ingest ingest(writer, Clock::system());
    StorePoller poller(*store, writer, ingest, *db->reads, Clock::system(), {});
    StorePoller::Report report;
    for (auto resource :
         {StorePoller::Resource::Orders, StorePoller::Resource::Customers, StorePoller::Resource::Products}) {
        StorePoller::Report one = poller.poll(resource);
        report.changed += one.changed;
        report.messages += one.messages;
        report.made.insert(report.made.end(), one.made.begin(), one.made.end());
        if (!one.error.isEmpty()) {
            report.error = one.error;
            break;
        }
    }
    for (const auto &[type, id] : report.made)
        std::printf("%s\n",
                    Json({{"message", type}, {"message_id", id}, {"store", toStdString(cl.store)}}).dump().c_str());
    // A running engine reads its queues again, so that it sends what this poll made.
    if (report.messages > 0)
        (void)writer.execute([](WriteTransaction &tx) { return SettingsStore::bumpActionsRevision(tx); });
    writer.stop();
    if (!report.error.isEmpty())
        return fail(runtimeError(report.error));
    std::fprintf(stderr, "%d changed orders, customers and products; %d messages.\n", report.changed, report.messages);
    return 0;
}

int alerts(const CommandLine &cl)
{
    Result<OpenDatabase> db = openForReading(cl);
    if (!db)
        return fail(db.error());
    Result<std::vector<Alerts::Alert>> alerts = AlertStore::list(db->reads->database(), 100'000);
    if (!alerts)
        return fail(alerts.error());
    const auto time = isoTime;
    for (const Alerts::Alert &a : *alerts) {
        if (cl.open && !a.isOpen())
            continue;
        std::printf("%s\n", Json({{"id", a.id},
                                  {"kind", toStdString(a.kind)},
                                  {"subject", toStdString(a.subject)},
                                  {"detail", toStdString(a.detail)},
                                  {"open", a.isOpen()},
                                  {"raised_at", time(a.raisedAtMs)},
                                  {"resolved_at", time(a.resolvedAtMs)},
                                  {"acknowledged_at", time(a.acknowledgedAtMs)}})
                                .dump()
                                .c_str());
    }
    return 0;
}

int consumers(const CommandLine &cl)
{
    Result<OpenDatabase> db = openForReading(cl);
    if (!db)
        return fail(db.error());
    const Configuration *config = &db->config;
    Result<std::map<qint64, ConsumerStore::Count>> counts = ConsumerStore::counts(db->reads->database());
    if (!counts)
        return fail(counts.error());
    for (const Consumer &c : config->consumers) {
        Json line = c.toJson();
        const ConsumerStore::Count count = counts->count(c.id) ? counts->at(c.id) : ConsumerStore::Count{};
        line["emitted"] = count.emitted;
        line["last_emitted_at"] = isoTime(count.lastEmittedAtMs);
        std::printf("%s\n", line.dump().c_str());
    }
    return 0;
}

int consumersTry(const CommandLine &cl)
{
    Result<QByteArray> text = readInput(cl.file);
    if (!text)
        return fail(text.error());
    Json json = Json::parse(text->toStdString(), nullptr, false);
    if (json.is_discarded())
        return fail(Error{QStringLiteral("%1 is not valid JSON").arg(cl.file)});
    Result<Message> message = Message::parse(std::move(json));
    if (!message)
        return fail(Error{QStringLiteral("%1 is not a message: %2").arg(cl.file, message.error().text())});

    Result<OpenDatabase> db = openForReading(cl);
    if (!db)
        return fail(db.error());
    const Configuration *config = &db->config;
    const Consumer *consumer = config->consumer(cl.name);
    if (!consumer)
        return fail(Error{QStringLiteral("there is no consumer '%1'").arg(cl.name)});
    Result<ConsumerTrial> trial = ConsumerTrial::run(*consumer, *message);
    if (!trial)
        return fail(
            Error{QStringLiteral("the consumer '%1' is not a valid rule: %2").arg(cl.name, trial.error().text())});
    for (const Json &emitted : trial->emitted)
        std::printf("%s\n", emitted.dump().c_str());
    for (const QString &problem : trial->problems)
        printError(QStringLiteral("%1: %2").arg(cl.name, problem));
    std::fprintf(stderr, "%s would emit %zu message%s%s.\n", qPrintable(cl.name), trial->emitted.size(),
                 trial->emitted.size() == 1 ? "" : "s", consumer->enabled ? "" : " (it is turned off)");
    return 0;
}

namespace {

Json eventJson(const EventStore::StoredEvent &e)
{
    const Event &v = e.event;
    Json j{{"level", toStdString(v.level)},
           {"subject", toStdString(v.subject)},
           {"description", toStdString(v.description)},
           {"origin", toStdString(v.origin)},
           {"occurrences", e.occurrences},
           {"first_seen_at", isoTime(e.firstSeenMs)},
           {"last_seen_at", isoTime(e.lastSeenMs)}};
    if (!v.referenceType.isEmpty())
        j["reference"] = toStdString(v.referenceType + QLatin1Char(':') + v.referenceId);
    if (!v.messageId.empty())
        j["message_id"] = v.messageId;
    if (!v.storeId.isEmpty())
        j["store"] = toStdString(v.storeId);
    return j;
}

} // namespace

int history(const CommandLine &cl)
{
    Result<OpenDatabase> db = openForReading(cl);
    if (!db)
        return fail(db.error());
    const QString type = cl.object.section(QLatin1Char(':'), 0, 0);
    const QString id = cl.object.section(QLatin1Char(':'), 1);
    std::vector<History::Entry> all;
    qint64 before = 0;
    while (true) {
        Result<std::vector<History::Entry>> page = History::timeline(db->reads->database(), type, id, before, 500);
        if (!page)
            return fail(page.error());
        if (page->empty())
            break;
        before = page->back().atMs;
        all.insert(all.end(), page->begin(), page->end());
    }
    if (all.empty())
        return fail(Error{QStringLiteral("the hub knows nothing about %1").arg(cl.object)});
    for (auto e = all.rbegin(); e != all.rend(); ++e) {
        Json line{{"at", isoTime(e->atMs)}};
        if (e->kind == History::Entry::Kind::Event) {
            line["event"] = {{"level", toStdString(e->level)},
                             {"subject", toStdString(e->subject)},
                             {"description", toStdString(e->description)},
                             {"origin", toStdString(e->origin)},
                             {"occurrences", e->occurrences}};
            if (!e->messageId.isEmpty())
                line["event"]["message_id"] = toStdString(e->messageId);
        } else {
            Json copies = Json::array();
            for (const History::Copy &c : e->copies) {
                Json copy{{"delivery_id", toStdString(c.deliveryId)},
                          {"endpoint", toStdString(c.endpoint)},
                          {"state", toStdString(c.state)},
                          {"attempts", c.attempts}};
                if (c.lastStatus)
                    copy["last_status"] = c.lastStatus;
                if (!c.lastError.isEmpty())
                    copy["last_error"] = toStdString(c.lastError);
                copies.push_back(std::move(copy));
            }
            line["message"] = {{"message_id", toStdString(e->messageId)},
                               {"type", toStdString(e->type)},
                               {"state", toStdString(e->state)},
                               {"source", toStdString(e->source)},
                               {"deliveries", std::move(copies)}};
            if (!e->reason.isEmpty())
                line["message"]["reason"] = toStdString(e->reason);
        }
        std::printf("%s\n", line.dump().c_str());
    }
    return 0;
}

int events(const CommandLine &cl)
{
    Result<OpenDatabase> db = openForReading(cl);
    if (!db)
        return fail(db.error());
    EventStore::Query query;
    query.level = cl.level;
    query.sinceMs = cl.sinceMs;
    if (!cl.object.isEmpty()) {
        query.referenceType = cl.object.section(QLatin1Char(':'), 0, 0);
        query.referenceId = cl.object.section(QLatin1Char(':'), 1);
    }
    query.limit = 100'000;
    Result<std::vector<EventStore::StoredEvent>> events = EventStore::list(db->reads->database(), query);
    if (!events)
        return fail(events.error());
    for (const EventStore::StoredEvent &e : *events)
        std::printf("%s\n", eventJson(e).dump().c_str());
    return 0;
}

int simulateStore(const CommandLine &cl)
{
    SignalWatcher signals;
    QObject::connect(&signals, &SignalWatcher::stopRequested, QCoreApplication::instance(),
                     [](int) { QCoreApplication::quit(); });
    sim::SimulatedStore::Options options;
    options.port = cl.simulate.port;
    options.v1Key = cl.simulate.key;
    options.v3Key = cl.simulate.v3Key;
    options.orders = cl.simulate.orders;
    options.changesPerMinute = cl.simulate.changesPerMinute;
    sim::SimulatedStore store(options);
    if (Status ok = store.start(); !ok)
        return fail(ok.error());
    if (const auto mode = sim::SimulatedStore::modeFromName(cl.simulate.mode);
        mode && *mode != sim::SimulatedStore::Mode::Normal)
        store.setMode(*mode);
    std::fprintf(stderr, "A simulated Spree store on %s with %d orders", qPrintable(store.url()),
                 store.catalogue().orderCount());
    if (!options.v1Key.isEmpty())
        std::fprintf(stderr, "; API v1 at %s/api/v1 (X-Spree-Token: %s)", qPrintable(store.url()),
                     qPrintable(options.v1Key));
    if (!options.v3Key.isEmpty())
        std::fprintf(stderr, "; Admin API at %s/api/v3/admin (X-Spree-Api-Key)", qPrintable(store.url()));
    std::fprintf(stderr, ". Stop it with Ctrl-C.\n");
    QCoreApplication::exec();
    store.stop();
    return 0;
}

} // namespace Commands
