// The integrator executable as an owner runs it: exit codes, messages, config export and import, and a
// headless engine that stops cleanly on SIGTERM and keeps a second one off its database.

#include "support/FreePort.h"
#include "support/Headless.h"
#include "support/HttpClient.h"
#include "support/TestDatabase.h"

#include "ingest/Ingest.h"
#include "storage/ConfigStore.h"
#include "storage/sqlite/DatabaseWriter.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>

#include <gtest/gtest.h>

#include <csignal>

namespace {

struct Outcome {
    int exitCode = -1;
    QString out;
    QString err;
};

Outcome run(const QStringList &args, int timeoutMs = 30000)
{
    QProcess p;
    p.start(QStringLiteral(INTEGRATOR_BINARY), args);
    EXPECT_TRUE(p.waitForFinished(timeoutMs)) << qPrintable(args.join(QLatin1Char(' ')));
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

void writeFile(const QString &path, const QByteArray &content)
{
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(content);
}

// `integrator simulate-store` on `port` with API v1's token k1, 3 orders and no changes of its own; what it
// wrote to stderr once it said it runs.
QByteArray startSimulatedStore(QProcess &store, quint16 port)
{
    store.setReadChannel(QProcess::StandardError);
    store.start(QStringLiteral(INTEGRATOR_BINARY),
                {QStringLiteral("simulate-store"), QStringLiteral("--port"), QString::number(port),
                 QStringLiteral("--key"), QStringLiteral("k1"), QStringLiteral("--orders"), QStringLiteral("3"),
                 QStringLiteral("--changes-per-minute"), QStringLiteral("0")});
    QByteArray err;
    if (!store.waitForStarted())
        return err;
    while (!err.contains("Stop it") && store.waitForReadyRead(10000))
        err += store.readAllStandardError();
    return err;
}

} // namespace

TEST(CommandLine, HelpVersionAndBadUsage)
{
    Outcome help = run({QStringLiteral("--help")});
    EXPECT_EQ(help.exitCode, 0);
    EXPECT_TRUE(help.out.contains(QStringLiteral("config import FILE")));
    Outcome version = run({QStringLiteral("--version")});
    EXPECT_EQ(version.exitCode, 0);
    EXPECT_TRUE(version.out.startsWith(QStringLiteral("integrator "))) << qPrintable(version.out);

    for (const QStringList &bad :
         {QStringList{QStringLiteral("--frobnicate")}, QStringList{QStringLiteral("frob")},
          QStringList{QStringLiteral("config")}, QStringList{QStringLiteral("--db")},
          QStringList{QStringLiteral("--headless"), QStringLiteral("--listen"), QStringLiteral("localhost")},
          QStringList{QStringLiteral("config"), QStringLiteral("import")},
          QStringList{QStringLiteral("config"), QStringLiteral("export"), QStringLiteral("--replace")},
          QStringList{QStringLiteral("--demo"), QStringLiteral("--db"), QStringLiteral("x.db")},
          QStringList{QStringLiteral("--demo"), QStringLiteral("--headless")},
          QStringList{QStringLiteral("--headless"), QStringLiteral("--tls-cert"), QStringLiteral("cert.pem")},
          QStringList{QStringLiteral("alerts"), QStringLiteral("--tls-cert"), QStringLiteral("c.pem"),
                      QStringLiteral("--tls-key"), QStringLiteral("k.pem")}}) {
        Outcome r = run(bad);
        EXPECT_EQ(r.exitCode, 2) << qPrintable(bad.join(QLatin1Char(' ')));
        EXPECT_TRUE(r.err.startsWith(QStringLiteral("integrator: "))) << qPrintable(r.err);
    }
}

TEST(CommandLine, ConfigImportAndExport)
{
    test::TestDatabase db;
    const QString file = db.dir() + QStringLiteral("/config.json");
    writeFile(file, R"({"version":1,
        "stores":[{"id":"main","name":"Shop","push_token":"0123456789abcdefXYZ"}],
        "endpoints":[{"name":"warehouse","url":"http://127.0.0.1:9001","token":"t"}],
        "subscriptions":[{"endpoint":"warehouse","messages":["order:new"],"path":"/orders"}]})");
    Outcome imported =
        run({QStringLiteral("config"), QStringLiteral("import"), file, QStringLiteral("--db"), db.path()});
    ASSERT_EQ(imported.exitCode, 0) << qPrintable(imported.err);
    EXPECT_TRUE(imported.out.contains(QStringLiteral("Merged"))) << qPrintable(imported.out);

    const QString exportedFile = db.dir() + QStringLiteral("/exported.json");
    Outcome exported = run({QStringLiteral("config"), QStringLiteral("export"), QStringLiteral("--db"), db.path(),
                            QStringLiteral("--output"), exportedFile});
    ASSERT_EQ(exported.exitCode, 0) << qPrintable(exported.err);
    EXPECT_EQ(QFileInfo(exportedFile).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther), 0)
        << "the export holds secrets";
    QFile f(exportedFile);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    const engine::Json json = engine::Json::parse(f.readAll().toStdString());
    EXPECT_EQ(json["stores"][0]["push_token"], "0123456789abcdefXYZ");
    EXPECT_EQ(json["subscriptions"][0]["path"], "/orders");

    // A bad file: exit 2, the field named, nothing changed.
    writeFile(file, R"({"endpoints":[{"name":"warehouse","url":"gopher://x"}]})");
    Outcome bad = run({QStringLiteral("config"), QStringLiteral("import"), file, QStringLiteral("--replace"),
                       QStringLiteral("--db"), db.path()});
    EXPECT_EQ(bad.exitCode, 2);
    EXPECT_TRUE(bad.err.contains(QStringLiteral("url"))) << qPrintable(bad.err);
    Outcome after = run({QStringLiteral("config"), QStringLiteral("export"), QStringLiteral("--db"), db.path()});
    EXPECT_EQ(engine::Json::parse(after.out.toStdString()), json);

    writeFile(file, "{not json");
    Outcome notJson =
        run({QStringLiteral("config"), QStringLiteral("import"), file, QStringLiteral("--db"), db.path()});
    EXPECT_EQ(notJson.exitCode, 2);
    EXPECT_TRUE(notJson.err.contains(QStringLiteral("not valid JSON"))) << qPrintable(notJson.err);

    Outcome missing = run({QStringLiteral("config"), QStringLiteral("export"), QStringLiteral("--db"),
                           db.dir() + QStringLiteral("/none.db")});
    EXPECT_EQ(missing.exitCode, 2);
    EXPECT_TRUE(missing.err.contains(QStringLiteral("there is no database"))) << qPrintable(missing.err);
}

TEST(CommandLine, HeadlessStopsCleanlyOnSigtermAndKeepsASecondEngineOff)
{
    test::TestDatabase db;
    QProcess engine;
    const QByteArray err = test::startHeadless(engine, db.path(), test::freePort());
    ASSERT_TRUE(engine.waitForStarted());
    ASSERT_TRUE(err.contains("running headless")) << err.constData();

    Outcome second = run({QStringLiteral("--headless"), QStringLiteral("--db"), db.path()});
    EXPECT_EQ(second.exitCode, 1);
    EXPECT_TRUE(second.err.contains(QStringLiteral("already running"))) << qPrintable(second.err);

    ::kill(pid_t(engine.processId()), SIGTERM);
    ASSERT_TRUE(engine.waitForFinished(10000));
    EXPECT_EQ(engine.exitStatus(), QProcess::NormalExit);
    EXPECT_EQ(engine.exitCode(), 0);
    EXPECT_FALSE(QFileInfo::exists(db.path() + QStringLiteral(".lock")));
    EXPECT_EQ(QFileInfo(db.path() + QStringLiteral("-wal")).size(), 0) << "closed with everything checkpointed";
    // The default store was made, with a token.
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT length(push_token) FROM stores WHERE id = 'main'")).toInt(), 43);
}

TEST(CommandLine, TheWindowStartsTheEngineAndClosesCleanly)
{
    test::TestDatabase db;
    QProcess app;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), db.dir()); // the window's settings: not the owner's
    app.setProcessEnvironment(env);
    app.start(QStringLiteral(INTEGRATOR_BINARY), {QStringLiteral("--db"), db.path(), QStringLiteral("--listen"),
                                                  QStringLiteral("127.0.0.1:%1").arg(test::freePort())});
    ASSERT_TRUE(app.waitForStarted());
    QByteArray err;
    for (int i = 0; i < 200 && !err.contains("running on"); ++i) {
        app.waitForReadyRead(100);
        err += app.readAllStandardError();
    }
    ASSERT_TRUE(err.contains("running on")) << err.constData();
    const QString lock = db.path() + QStringLiteral(".lock");
    EXPECT_TRUE(QFileInfo::exists(lock));
    ::kill(pid_t(app.processId()), SIGTERM);
    ASSERT_TRUE(app.waitForFinished(10000));
    EXPECT_EQ(app.exitStatus(), QProcess::NormalExit);
    EXPECT_EQ(app.exitCode(), 0) << app.readAllStandardError().constData();
    EXPECT_FALSE(QFileInfo::exists(lock));
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT count(*) FROM stores")).toInt(), 1);
}

TEST(CommandLine, TheDemoRunsOnADatabaseInTheCacheFolderAndLeavesTheOwnersAlone)
{
    test::TestDatabase db; // for its folder
    QProcess app;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    for (const char *place : {"XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"})
        env.insert(QString::fromLatin1(place), db.dir() + QLatin1Char('/') + QString::fromLatin1(place));
    app.setProcessEnvironment(env);
    app.start(QStringLiteral(INTEGRATOR_BINARY), {QStringLiteral("--demo")});
    ASSERT_TRUE(app.waitForStarted());
    QByteArray err;
    for (int i = 0; i < 200 && !err.contains("running on"); ++i) {
        app.waitForReadyRead(100);
        err += app.readAllStandardError();
    }
    ASSERT_TRUE(err.contains("(the demo)")) << err.constData();
    const QString demoDb = db.dir() + QStringLiteral("/XDG_CACHE_HOME/Integrator/Integrator Demo/demo/demo.db");
    EXPECT_TRUE(err.contains(demoDb.toUtf8())) << err.constData();
    EXPECT_TRUE(QFileInfo::exists(demoDb));
    ::kill(pid_t(app.processId()), SIGTERM);
    ASSERT_TRUE(app.waitForFinished(10000));
    EXPECT_EQ(app.exitStatus(), QProcess::NormalExit);
    EXPECT_EQ(app.exitCode(), 0) << app.readAllStandardError().constData();
    // The owner's own database (the default one) was never made, nor were the owner's settings.
    EXPECT_FALSE(QFileInfo::exists(db.dir() + QStringLiteral("/XDG_DATA_HOME/Integrator/integrator.db")));
    EXPECT_FALSE(QFileInfo::exists(db.dir() + QStringLiteral("/XDG_CONFIG_HOME/Integrator/Integrator.conf")));
}

TEST(CommandLine, SimulateStoreServesTheSpreeApiUntilSigterm)
{
    Outcome bad = run({QStringLiteral("simulate-store"), QStringLiteral("--v3-key"), QStringLiteral("plain")});
    EXPECT_EQ(bad.exitCode, 2);
    EXPECT_TRUE(bad.err.contains(QStringLiteral("sk_"))) << qPrintable(bad.err);
    Outcome misplaced = run({QStringLiteral("deliveries"), QStringLiteral("--orders"), QStringLiteral("5")});
    EXPECT_EQ(misplaced.exitCode, 2);
    EXPECT_TRUE(misplaced.err.contains(QStringLiteral("belong to simulate-store"))) << qPrintable(misplaced.err);

    const quint16 port = test::freePort();
    QProcess store;
    const QByteArray err = startSimulatedStore(store, port);
    ASSERT_TRUE(err.contains("API v1 at")) << err.constData();

    test::HttpClient client(port);
    const test::HttpResponse orders = client.get("/api/v1/orders", {"X-Spree-Token: k1"});
    EXPECT_EQ(orders.status, 200);
    EXPECT_EQ(orders.json("count"), "3");

    ::kill(pid_t(store.processId()), SIGTERM);
    ASSERT_TRUE(store.waitForFinished(10000));
    EXPECT_EQ(store.exitStatus(), QProcess::NormalExit);
    EXPECT_EQ(store.exitCode(), 0);
}

TEST(CommandLine, PollTakesAStoresOrdersOnceAndAlertsListsWhatWentWrong)
{
    const quint16 port = test::freePort();
    QProcess store;
    const QByteArray err = startSimulatedStore(store, port);
    ASSERT_TRUE(err.contains("Stop it")) << err.constData();

    test::TestDatabase db;
    const QString file = db.dir() + QStringLiteral("/config.json");
    writeFile(file, QStringLiteral(R"({"stores": [{"id": "shop", "push_token": "0123456789abcdef0123",
                                       "api_url": "http://127.0.0.1:%1", "api_key": "k1",
                                       "poll": {"since": "2000-01-01T00:00:00Z"}}]})")
                        .arg(port)
                        .toUtf8());
    ASSERT_EQ(
        run({QStringLiteral("config"), QStringLiteral("import"), file, QStringLiteral("--db"), db.path()}).exitCode, 0);

    const QStringList poll = {QStringLiteral("poll"), QStringLiteral("--store"), QStringLiteral("shop"),
                              QStringLiteral("--db"), db.path()};
    Outcome first = run(poll);
    EXPECT_EQ(first.exitCode, 0) << qPrintable(first.err);
    const QStringList lines = first.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    ASSERT_EQ(lines.size(), 3 + 20 + 10) << qPrintable(first.out); // orders, customers, products
    EXPECT_EQ(engine::Json::parse(lines[0].toStdString())["message"], "order:new");
    EXPECT_TRUE(run(poll).out.isEmpty()) << "nothing twice";
    EXPECT_EQ(run({QStringLiteral("poll"), QStringLiteral("--store"), QStringLiteral("nope"), QStringLiteral("--db"),
                   db.path()})
                  .exitCode,
              2)
        << "bad input";

    ::kill(pid_t(store.processId()), SIGTERM);
    ASSERT_TRUE(store.waitForFinished(10000));
    for (int i = 0; i < 3; ++i) {
        Outcome down = run(poll);
        EXPECT_EQ(down.exitCode, 1);
        EXPECT_TRUE(down.err.contains(QStringLiteral("not reachable"))) << qPrintable(down.err);
    }
    Outcome alerts = run({QStringLiteral("alerts"), QStringLiteral("--open"), QStringLiteral("--db"), db.path()});
    EXPECT_EQ(alerts.exitCode, 0);
    const engine::Json alert = engine::Json::parse(alerts.out.split(QLatin1Char('\n')).value(0).toStdString());
    EXPECT_EQ(alert["kind"], "store_unreachable");
    EXPECT_EQ(alert["subject"], "shop");
    EXPECT_TRUE(alert["open"].get<bool>());
}

TEST(CommandLine, ConsumersTryShowsWhatWouldBeEmittedAndTheirRulesTravelInAnExport)
{
    test::TestDatabase db;
    const QString file = db.dir() + QStringLiteral("/config.json");
    writeFile(file, R"({"version":1,
        "stores":[{"id":"main","name":"Shop","push_token":"0123456789abcdefXYZ"}],
        "consumers":[{"name":"big-orders","messages":["order:new"],
                      "filters":[{"path":"payload.order.totals.order","operator":"gt","value":40}],
                      "emits":"order:big","payload":"payload.order.totals","as":"totals",
                      "add":{"number":"payload.order.number"},"identifiers":{"number":"payload.totals.number"}}]})");
    Outcome imported =
        run({QStringLiteral("config"), QStringLiteral("import"), file, QStringLiteral("--db"), db.path()});
    ASSERT_EQ(imported.exitCode, 0) << qPrintable(imported.err);

    const QString order = QStringLiteral(TEST_DATA_DIR "/order-new.json");
    Outcome ready = run({QStringLiteral("consumers"), QStringLiteral("try"), QStringLiteral("shipment-ready"), order,
                         QStringLiteral("--db"), db.path()});
    ASSERT_EQ(ready.exitCode, 0) << qPrintable(ready.err);
    const QStringList lines = ready.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    ASSERT_EQ(lines.size(), 1) << qPrintable(ready.out);
    const engine::Json emitted = engine::Json::parse(lines[0].toStdString());
    EXPECT_EQ(emitted["message"], "shipment:ready");
    EXPECT_EQ(emitted["payload"]["shipment"]["order_number"], "R123456789");

    Outcome big = run({QStringLiteral("consumers"), QStringLiteral("try"), QStringLiteral("big-orders"), order,
                       QStringLiteral("--db"), db.path()});
    ASSERT_EQ(big.exitCode, 0) << qPrintable(big.err);
    EXPECT_EQ(engine::Json::parse(big.out.trimmed().toStdString())["payload"]["totals"]["number"], "R123456789");
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT count(*) FROM messages")).toInt(), 0) << "trying stores nothing";

    // Bad input: exit 2 and the reason.
    writeFile(db.dir() + QStringLiteral("/bad.json"), "{\"payload\":{}}");
    writeFile(db.dir() + QStringLiteral("/broken.json"), "{not json");
    for (const auto &[args, says] :
         {std::pair{QStringList{QStringLiteral("nope"), order}, QStringLiteral("there is no consumer 'nope'")},
          std::pair{QStringList{QStringLiteral("big-orders"), db.dir() + QStringLiteral("/bad.json")},
                    QStringLiteral("bad.json is not a message: message: is required")},
          std::pair{QStringList{QStringLiteral("big-orders"), db.dir() + QStringLiteral("/broken.json")},
                    QStringLiteral("not valid JSON")},
          std::pair{QStringList{QStringLiteral("big-orders"), db.dir() + QStringLiteral("/none.json")},
                    QStringLiteral("cannot read")}}) {
        Outcome r = run(QStringList{QStringLiteral("consumers"), QStringLiteral("try")} + args +
                        QStringList{QStringLiteral("--db"), db.path()});
        EXPECT_EQ(r.exitCode, 2) << qPrintable(args.join(QLatin1Char(' ')));
        EXPECT_TRUE(r.err.contains(says)) << qPrintable(r.err);
    }

    // The list, with what each emitted.
    Outcome list = run({QStringLiteral("consumers"), QStringLiteral("--db"), db.path()});
    ASSERT_EQ(list.exitCode, 0) << qPrintable(list.err);
    EXPECT_EQ(list.out.count(QLatin1Char('\n')), 3) << qPrintable(list.out);
    EXPECT_TRUE(list.out.contains(QStringLiteral("\"emitted\":0"))) << qPrintable(list.out);

    // An export imported into an empty database gives the same consumers.
    Outcome exported = run({QStringLiteral("config"), QStringLiteral("export"), QStringLiteral("--db"), db.path()});
    ASSERT_EQ(exported.exitCode, 0);
    const engine::Json json = engine::Json::parse(exported.out.toStdString());
    ASSERT_EQ(json["consumers"].size(), 3u);
    writeFile(file, exported.out.toUtf8());
    const QString other = db.dir() + QStringLiteral("/other.db");
    ASSERT_EQ(run({QStringLiteral("config"), QStringLiteral("import"), file, QStringLiteral("--db"), other}).exitCode,
              0);
    Outcome again = run({QStringLiteral("config"), QStringLiteral("export"), QStringLiteral("--db"), other});
    EXPECT_EQ(engine::Json::parse(again.out.toStdString())["consumers"], json["consumers"]);
}

TEST(CommandLine, HistoryAndEventsTellWhatHappenedToAnOrder)
{
    test::TestDatabase db;
    {
        engine::DatabaseWriter writer(db.path());
        ASSERT_TRUE(writer.start().ok());
        engine::Configuration config = test::basicConfiguration();
        engine::Subscription all;
        all.endpoint = QStringLiteral("warehouse");
        config.subscriptions = {all};
        ASSERT_TRUE(writer
                        .execute([&](engine::WriteTransaction &tx) {
                            return engine::ConfigStore(tx.database(), tx.clock())
                                .import(config, engine::ConfigStore::ImportMode::Merge); // the defaults stay
                        })
                        .ok());
        engine::Ingest ingest(writer, engine::Clock::system());
        engine::Result<engine::Message> m = engine::Message::parse(test::orderNewDocument());
        ASSERT_TRUE(ingest.takeAndWait({engine::IncomingMessage::from(*m, QStringLiteral("main"), "push")}).ok());
        writer.stop();
    }
    const QStringList inDb{QStringLiteral("--db"), db.path()};

    Outcome history = run(QStringList{QStringLiteral("history"), QStringLiteral("order:R123456789")} + inDb);
    ASSERT_EQ(history.exitCode, 0) << qPrintable(history.err);
    const QStringList lines = history.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    ASSERT_EQ(lines.size(), 2) << qPrintable(history.out);
    const engine::Json first = engine::Json::parse(lines[0].toStdString());
    EXPECT_EQ(first["message"]["type"], "order:new") << "oldest first";
    EXPECT_EQ(first["message"]["deliveries"][0]["endpoint"], "warehouse");
    EXPECT_EQ(first["message"]["deliveries"][0]["state"], "pending");
    EXPECT_EQ(engine::Json::parse(lines[1].toStdString())["message"]["type"], "shipment:ready");

    Outcome shipment = run(
        QStringList{QStringLiteral("events"), QStringLiteral("--ref"), QStringLiteral("shipment:H12345678901")} + inDb);
    ASSERT_EQ(shipment.exitCode, 0) << qPrintable(shipment.err);
    EXPECT_EQ(shipment.out.count(QLatin1Char('\n')), 1) << qPrintable(shipment.out);
    EXPECT_EQ(engine::Json::parse(shipment.out.toStdString())["origin"], "consumer:shipment-ready");
    Outcome since =
        run(QStringList{QStringLiteral("events"), QStringLiteral("--since"), QStringLiteral("2020-01-01T00:00:00Z")} +
            inDb);
    EXPECT_EQ(since.out.count(QLatin1Char('\n')), 1) << qPrintable(since.out);
    Outcome errors =
        run(QStringList{QStringLiteral("events"), QStringLiteral("--level"), QStringLiteral("error")} + inDb);
    ASSERT_EQ(errors.exitCode, 0);
    EXPECT_TRUE(errors.out.isEmpty()) << qPrintable(errors.out);

    for (const auto &[args, says] :
         {std::pair{QStringList{QStringLiteral("history"), QStringLiteral("order:R0")},
                    QStringLiteral("knows nothing about order:R0")},
          std::pair{QStringList{QStringLiteral("history"), QStringLiteral("R123456789")}, QStringLiteral("TYPE:ID")},
          std::pair{QStringList{QStringLiteral("events"), QStringLiteral("--level"), QStringLiteral("loud")},
                    QStringLiteral("info, warn or error")},
          std::pair{QStringList{QStringLiteral("events"), QStringLiteral("--since"), QStringLiteral("yesterday")},
                    QStringLiteral("ISO 8601")},
          std::pair{QStringList{QStringLiteral("alerts"), QStringLiteral("--level"), QStringLiteral("warn")},
                    QStringLiteral("belong to events")}}) {
        Outcome r = run(args + inDb);
        EXPECT_EQ(r.exitCode, 2) << qPrintable(args.join(QLatin1Char(' ')));
        EXPECT_TRUE(r.err.contains(says)) << qPrintable(r.err);
    }
}
