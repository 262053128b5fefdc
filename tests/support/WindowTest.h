#pragma once
// What the window's tests share: the engine, database and endpoint they run over (Window), waiting while the
// GUI thread's events run, and answering the message boxes the window opens.

#include "support/HttpClient.h"
#include "support/TestDatabase.h"
#include "support/TestEndpoint.h"

#include "AlertsView.h"
#include "AppSettings.h"
#include "Backend.h"
#include "ConfigTransfer.h"
#include "ConsumerDialog.h"
#include "ConsumersView.h"
#include "DashboardView.h"
#include "DiscoverDialog.h"
#include "DurationText.h"
#include "EndpointDialog.h"
#include "EndpointsModel.h"
#include "FilterEditor.h"
#include "JsonTreeModel.h"
#include "MainWindow.h"
#include "MessageDetailView.h"
#include "MessagesView.h"
#include "ObjectsView.h"
#include "RefusedPushesDialog.h"
#include "RowsModel.h"
#include "SettingsDialog.h"
#include "StoresView.h"
#include "SubscriptionDialog.h"
#include "TimelineModel.h"

#include "Engine.h"
#include "alerts/Alerts.h"
#include "simstore/SimulatedStore.h"
#include "storage/AlertStore.h"
#include "storage/ConfigStore.h"
#include "storage/SettingsStore.h"
#include "support/TestWriter.h"

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QCompleter>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStringListModel>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>

#include <gtest/gtest.h>

#include <future>
#include <set>

using namespace engine;
using test::TestEndpoint;

namespace ui_test {

// Waits while the GUI thread's events run (the Backend answers through them).
inline bool waitUntil(const std::function<bool()> &condition, int timeoutMs = 10000)
{
    return QTest::qWaitFor(condition, timeoutMs);
}

// Answers the message boxes the window opens (they run a loop of their own), keeping what they said.
class MessageBoxCloser : public QObject {
public:
    MessageBoxCloser()
    {
        m_timer.callOnTimeout([this] {
            for (QWidget *w : QApplication::topLevelWidgets()) {
                if (auto *box = qobject_cast<QMessageBox *>(w); box && box->isVisible()) {
                    said << box->text();
                    if (QAbstractButton *yes = box->button(QMessageBox::Yes))
                        yes->click(); // a question: the owner agrees
                    else
                        box->done(QMessageBox::Ok);
                }
            }
        });
        m_timer.start(20);
    }
    QStringList said;

private:
    QTimer m_timer;
};

class Window : public ::testing::Test {
protected:
    void TearDown() override
    {
        backend.reset();
        if (engine)
            engine->stop();
    }

    // Store "main", endpoint "warehouse" at the test endpoint, and (when asked) a subscription to order:*
    // at /orders that parks on the first failure.
    void start(bool subscribe = true, bool withPush = false)
    {
        Configuration config = test::basicConfiguration(server.url());
        if (subscribe) {
            Subscription s;
            s.endpoint = QStringLiteral("warehouse");
            s.messages = {QStringLiteral("order:*")};
            s.path = QStringLiteral("/orders");
            s.retries.allowed = false;
            config.subscriptions.push_back(s);
        }
        {
            test::TestWriter writer(db.path());
            ASSERT_TRUE(writer.start().ok());
            Status s = writer.execute([&](WriteTransaction &tx) {
                return ConfigStore(tx.database(), tx.clock()).import(config, ConfigStore::ImportMode::Replace);
            });
            ASSERT_TRUE(s.ok()) << qPrintable(s.error().text());
        }
        Dispatcher::Options dispatch;
        dispatch.checkIntervalMs = 50;
        std::optional<PushHttpServer::Options> push;
        if (withPush)
            push = pushOptions;
        engine = std::make_unique<Engine>(Engine::Options{
            .databasePath = db.path(), .createDefaultStore = false, .push = push, .dispatch = dispatch});
        ASSERT_TRUE(engine->start().ok());
        backend = std::make_unique<ui::Backend>(*engine, QStringLiteral("http://127.0.0.1:8420"));
        ASSERT_TRUE(waitUntil([&] { return !backend->configuration().endpoints.empty(); }));
    }

    std::string push(const char *payload = R"({"order":{"number":"R1","status":"complete"}})")
    {
        Result<Message> m = Message::create("order:new", Json::parse(payload));
        auto taken = engine->ingest().takeAndWait({IncomingMessage::from(*m, QStringLiteral("main"), "push")});
        EXPECT_TRUE(taken.ok());
        return m->id();
    }

    QString deliveryState(const std::string &messageId) const
    {
        return db
            .scalar(QStringLiteral("SELECT state FROM deliveries WHERE parent_id = '%1'")
                        .arg(QString::fromStdString(messageId)))
            .toString();
    }

    PushHttpServer::Options pushOptions{.port = 0}; // when started with the push API
    test::TestDatabase db;
    TestEndpoint server;
    std::unique_ptr<Engine> engine;
    std::unique_ptr<ui::Backend> backend;
};

} // namespace ui_test
