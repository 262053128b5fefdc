#pragma once
// What the user asked for on the command line (DESIGN §11), parsed before any Qt application object exists
// so that the right one (with or without a window) can be made.

#include <QString>
#include <QStringList>

struct CommandLine {
    enum class Command {
        Window,
        Headless,
        ConfigExport,
        ConfigImport,
        Push,
        Deliveries,
        Retry,
        Archive,
        Poll,
        Alerts,
        Consumers,
        ConsumersTry,
        History,
        Events,
        SimulateStore,
        Version,
        Help
    };
    enum class ImportMode { Merge, Replace };

    Command command = Command::Window;
    QString database;       // empty: the default location
    QString listen;         // ADDR:PORT; empty: the default
    QString tlsCertificate; // the push API's certificate and key (PEM files); empty: plain HTTP
    QString tlsKey;
    QString file;       // config import, push, consumers try: the file to read ("-" for standard input)
    QString name;       // consumers try: the consumer's name
    QString object;     // history: TYPE:ID, like order:R123; events --ref: the same
    QString level;      // events: info, warn or error (and above)
    qint64 sinceMs = 0; // events --since: from then on
    QString url;        // push: the hub's address
    QString store;      // push, poll: the store id
    QString token;      // push: the store's push token
    QString state;      // deliveries, retry, archive: a delivery state
    QString endpoint;   // deliveries, retry, archive: an endpoint's name
    QString type;       // deliveries, retry, archive: a message type
    QString id;         // retry, archive: one delivery
    bool all = false;   // retry: every delivery in the state
    bool open = false;  // alerts: only the open ones
    bool demo = false;  // the window over the demo (engine/demo/Demo.h) instead of the owner's hub
    QString output;     // config export: the file to write; empty for standard output
    ImportMode importMode = ImportMode::Merge;
    // simulate-store: the simulated Spree store's port, API v1 token, Admin API key, the orders it starts
    // with, its own changes per minute and the mode it starts in.
    struct Simulate {
        quint16 port = 3000;
        QString key;
        QString v3Key;
        int orders = 50;
        int changesPerMinute = 60;
        QString mode = QStringLiteral("normal");
        bool given = false; // one of its options was given
    } simulate;

    // On bad usage returns false and sets error to a message that says what to fix.
    static bool parse(const QStringList &arguments, CommandLine &out, QString &error);
    static QString usage();
};
