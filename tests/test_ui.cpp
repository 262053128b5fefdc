// The window, offscreen, over a real engine, a real database file and a real local endpoint: forms that
// check as the owner types and change the engine's configuration when saved, a parked delivery retried from
// the Messages view until it reaches the endpoint and the archive, the dashboard and alerts, settings, the
// configuration's import and export, the window's kept layout — and every item model under
// QAbstractItemModelTester.

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
#include "storage/sqlite/DatabaseWriter.h"

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

namespace {

// Waits while the GUI thread's events run (the Backend answers through them).
bool waitUntil(const std::function<bool()> &condition, int timeoutMs = 10000)
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
            DatabaseWriter writer(db.path());
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
            push = PushHttpServer::Options{.port = 0};
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

    test::TestDatabase db;
    TestEndpoint server;
    std::unique_ptr<Engine> engine;
    std::unique_ptr<ui::Backend> backend;
};

TEST_F(Window, EndpointFormSaysWhatIsWrongThenSavesIntoTheEngine)
{
    start(false);
    ui::EndpointDialog dialog(*backend, Endpoint{});
    EXPECT_FALSE(dialog.messageLabel()->isVisible()) << "nothing is wrong before anything was typed";
    dialog.show();
    QPushButton *save = dialog.buttons()->button(QDialogButtonBox::Save);
    EXPECT_FALSE(save->isEnabled());
    EXPECT_TRUE(dialog.messageLabel()->text().isEmpty()) << qPrintable(dialog.messageLabel()->text());

    // Everything wrong at once, in the owner's words, with a name to take instead.
    QTest::keyClicks(dialog.nameField(), QStringLiteral("My Warehouse"));
    QTest::keyClicks(dialog.urlField(), QStringLiteral("http://ware house/orders"));
    EXPECT_TRUE(dialog.messageLabel()->text().contains(QStringLiteral("'my-warehouse', for example")))
        << qPrintable(dialog.messageLabel()->text());
    EXPECT_TRUE(dialog.messageLabel()->text().contains(QStringLiteral("the host name 'ware house' is not valid")))
        << qPrintable(dialog.messageLabel()->text());
    EXPECT_FALSE(dialog.messageLabel()->text().contains(QStringLiteral("scheme")));
    dialog.nameField()->clear();
    dialog.urlField()->clear();

    QTest::keyClicks(dialog.nameField(), QStringLiteral("erp"));
    QTest::keyClicks(dialog.urlField(), QStringLiteral("gopher://erp.local"));
    EXPECT_FALSE(save->isEnabled());
    EXPECT_TRUE(dialog.messageLabel()->isVisible());
    EXPECT_TRUE(dialog.messageLabel()->text().contains(QStringLiteral("http")))
        << qPrintable(dialog.messageLabel()->text());

    // A name already taken is named too.
    dialog.urlField()->setText(server.url());
    dialog.nameField()->setText(QStringLiteral("warehouse"));
    EXPECT_FALSE(save->isEnabled());
    EXPECT_TRUE(dialog.messageLabel()->text().contains(QStringLiteral("already named")))
        << qPrintable(dialog.messageLabel()->text());

    dialog.nameField()->setText(QStringLiteral("erp"));
    EXPECT_TRUE(save->isEnabled());
    EXPECT_FALSE(dialog.messageLabel()->isVisible());
    QTest::mouseClick(save, Qt::LeftButton);
    ASSERT_TRUE(waitUntil([&] { return dialog.result() == QDialog::Accepted; }));

    EXPECT_EQ(db.scalar(QStringLiteral("SELECT url FROM endpoints WHERE name = 'erp'")).toString(), server.url());
    ASSERT_TRUE(waitUntil([&] { return backend->configuration().endpoints.size() == 2; }));
}

TEST_F(Window, TestConnectionSaysWhatTheEndpointsAnswerMeans)
{
    start(false);
    const auto said = [](ui::EndpointDialog &dialog) {
        for (QLabel *l : dialog.findChildren<QLabel *>()) {
            if (l->text().startsWith(QLatin1String("Reached")) || l->text().startsWith(QLatin1String("Not reached")))
                return l->text();
        }
        return QString();
    };
    for (auto [status, means] :
         {std::pair{501, "usual for a server that only takes POSTs"}, std::pair{503, "it is failing (HTTP 503)"},
          std::pair{401, "check the token"}, std::pair{200, "so it is up"}}) {
        TestEndpoint endpoint;
        endpoint.answer("/", TestEndpoint::Answer{.status = status});
        Endpoint e;
        e.url = endpoint.url();
        ui::EndpointDialog dialog(*backend, e);
        dialog.testConnection();
        ASSERT_TRUE(waitUntil([&] { return said(dialog).startsWith(QLatin1String("Reached")); }))
            << qPrintable(said(dialog));
        EXPECT_TRUE(said(dialog).contains(QLatin1String(means))) << qPrintable(said(dialog));
    }
}

TEST_F(Window, SubscriptionFormChecksFiltersAndTypesThenSaves)
{
    start(false);
    Subscription fresh;
    fresh.endpoint = QStringLiteral("warehouse");
    fresh.messages = {QStringLiteral("order:new")};
    ui::SubscriptionDialog dialog(*backend, fresh);
    dialog.show();
    QPushButton *save = dialog.buttons()->button(QDialogButtonBox::Save);
    EXPECT_EQ(dialog.endpointField()->currentText(), QStringLiteral("warehouse"));

    dialog.typesField()->clear();
    EXPECT_FALSE(save->isEnabled());
    EXPECT_FALSE(dialog.messageLabel()->text().isEmpty());
    // Said with the form's own label, not the file's key (messages[0]).
    QTest::keyClicks(dialog.typesField(), QStringLiteral("Order"));
    EXPECT_TRUE(dialog.messageLabel()->text().startsWith(QStringLiteral("Types: ")))
        << qPrintable(dialog.messageLabel()->text());
    dialog.typesField()->clear();
    QTest::keyClicks(dialog.typesField(), QStringLiteral("order:new, shipment:ready"));
    dialog.pathField()->setText(QStringLiteral("/orders"));
    EXPECT_TRUE(save->isEnabled()) << qPrintable(dialog.messageLabel()->text());

    // A filter on a path that is not one: said, and saving is off until it is fixed.
    dialog.addFilterRow(QStringLiteral("payload..order"), QStringLiteral("eq"), QStringLiteral("\"complete\""));
    EXPECT_FALSE(save->isEnabled());
    EXPECT_TRUE(dialog.messageLabel()->text().startsWith(QStringLiteral("Filters: ")))
        << qPrintable(dialog.messageLabel()->text());
    dialog.filtersTable()->item(0, 0)->setText(QStringLiteral("payload.order.status"));
    EXPECT_TRUE(save->isEnabled()) << qPrintable(dialog.messageLabel()->text());

    QTest::mouseClick(save, Qt::LeftButton);
    ASSERT_TRUE(waitUntil([&] { return dialog.result() == QDialog::Accepted; }));
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT count(*) FROM subscriptions")).toInt(), 1);
    ASSERT_TRUE(waitUntil([&] { return backend->configuration().subscriptions.size() == 1; }));
    const Subscription &saved = backend->configuration().subscriptions.front();
    EXPECT_EQ(saved.messages, (QStringList{QStringLiteral("order:new"), QStringLiteral("shipment:ready")}));
    ASSERT_EQ(saved.filters.size(), 1u);
    EXPECT_EQ(saved.filters.front().path, "payload.order.status");
    EXPECT_EQ(saved.filters.front().value, Json("complete"));

    // The engine uses it at once: a matching message is delivered to /orders.
    const std::string id = push();
    EXPECT_TRUE(server.waitFor(1, 10000, "/orders"))
        << "message "
        << qPrintable(
               db.scalar(QStringLiteral("SELECT state FROM messages WHERE id = '%1'").arg(QString::fromStdString(id)))
                   .toString())
        << ", filters " << qPrintable(db.scalar(QStringLiteral("SELECT filters FROM subscriptions")).toString());
}

TEST_F(Window, ConsumerFormTriesTheRuleOnAMessageThenSavesAndTheViewCountsWhatItEmits)
{
    start();
    const std::string recent = push();
    ui::ConsumersView view(*backend);
    view.show();
    EXPECT_EQ(view.list()->topLevelItemCount(), 0);

    Consumer fresh;
    fresh.messages = {QStringLiteral("order:new")};
    ui::ConsumerDialog dialog(*backend, fresh);
    dialog.show();
    QPushButton *save = dialog.buttons()->button(QDialogButtonBox::Save);
    EXPECT_FALSE(save->isEnabled()) << "no name, nothing to emit";
    QTest::keyClicks(dialog.nameField(), QStringLiteral("canceled"));
    QTest::keyClicks(dialog.emitsField(), QStringLiteral("order:gone"));
    dialog.filters()->addRow(QStringLiteral("payload.order.status"), QStringLiteral("eq"), QStringLiteral("canceled"));
    EXPECT_TRUE(save->isEnabled()) << qPrintable(dialog.messageLabel()->text());

    // Tried on pasted JSON: what it would emit, exactly; then why nothing.
    dialog.sampleField()->setPlainText(
        QStringLiteral(R"({"message":"order:new","payload":{"order":{"number":"R5","status":"canceled"}}})"));
    const QString emits = dialog.trialOutput()->toPlainText();
    EXPECT_TRUE(emits.startsWith(QStringLiteral("1 message would be emitted"))) << qPrintable(emits);
    EXPECT_TRUE(emits.contains(QStringLiteral("\"order:gone\""))) << qPrintable(emits);
    EXPECT_TRUE(emits.contains(QStringLiteral("\"R5\""))) << qPrintable(emits);
    // On a recent message from the list, which is complete, not canceled.
    ASSERT_TRUE(waitUntil([&] { return dialog.recentMessages()->count() > 1; }));
    EXPECT_TRUE(dialog.recentMessages()->itemText(1).contains(QString::fromStdString(recent)));
    dialog.recentMessages()->setCurrentIndex(1);
    EXPECT_TRUE(dialog.sampleField()->toPlainText().contains(QString::fromStdString(recent)));
    EXPECT_TRUE(dialog.trialOutput()->toPlainText().contains(QStringLiteral("Nothing would be emitted")))
        << qPrintable(dialog.trialOutput()->toPlainText());
    EXPECT_TRUE(dialog.trialOutput()->toPlainText().contains(QStringLiteral("filters do not pass")));

    // A bad emitted type is said at its field, and the trial waits for the rule to be fixed.
    dialog.emitsField()->setText(QStringLiteral("gone"));
    EXPECT_FALSE(save->isEnabled());
    EXPECT_TRUE(dialog.messageLabel()->text().contains(QStringLiteral("mits")))
        << qPrintable(dialog.messageLabel()->text());
    EXPECT_TRUE(dialog.trialOutput()->toPlainText().startsWith(QStringLiteral("Fix the rule first")));
    dialog.emitsField()->setText(QStringLiteral("order:canceled"));
    ASSERT_TRUE(save->isEnabled());
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT count(*) FROM messages")).toInt(), 1) << "trying stores nothing";

    QTest::mouseClick(save, Qt::LeftButton);
    ASSERT_TRUE(waitUntil([&] { return dialog.result() == QDialog::Accepted; }));
    ASSERT_TRUE(waitUntil([&] { return backend->configuration().consumers.size() == 1; }));
    EXPECT_EQ(backend->configuration().consumers.front().filters.front().value, Json("canceled"));
    ASSERT_TRUE(waitUntil([&] { return view.list()->topLevelItemCount() == 1; }));
    EXPECT_EQ(view.list()->topLevelItem(0)->text(0), QStringLiteral("canceled"));
    EXPECT_EQ(view.list()->topLevelItem(0)->text(5), QStringLiteral("0"));

    // The engine uses it at once: a canceled order and the order:canceled it derives both reach the endpoint,
    // and the view counts it.
    push(R"({"order":{"number":"R6","status":"canceled"}})");
    EXPECT_TRUE(server.waitFor(3, 10000, "/orders"));
    ASSERT_TRUE(waitUntil([&] { return view.list()->topLevelItem(0)->text(5) == QStringLiteral("1"); }));
    EXPECT_NE(view.list()->topLevelItem(0)->text(6), QStringLiteral("never"));
}

TEST_F(Window, ObjectsViewFindsAnOrderAndShowsItsHistoryLiveWithANoteAndAnExport)
{
    start();
    const std::string first = push(R"({"order":{"number":"R42","status":"complete"}})");
    push(R"({"order":{"number":"R43","status":"complete"}})");
    ui::ObjectsView view(*backend);
    QAbstractItemModelTester tester(view.model(), QAbstractItemModelTester::FailureReportingMode::Warning);
    view.resize(1000, 700);
    view.show();

    // Typing suggests what exists; a bare number is found among the kinds of objects.
    view.searchField()->setFocus();
    QTest::keyClicks(view.searchField(), QStringLiteral("R4"));
    auto *suggestions = qobject_cast<QStringListModel *>(view.searchField()->completer()->model());
    ASSERT_NE(suggestions, nullptr);
    ASSERT_TRUE(waitUntil([&] { return suggestions->stringList().size() == 2; }));
    EXPECT_EQ(suggestions->stringList().front(), QStringLiteral("order R42"));
    // The delivery is made first, so that what the timeline holds is settled.
    ASSERT_TRUE(server.waitFor(2, 10000, "/orders"));
    view.searchField()->setText(QStringLiteral("R42"));
    QTest::keyClick(view.searchField(), Qt::Key_Return);
    const auto rowOf = [&](const QString &what) {
        for (int r = 0; r < view.model()->rowCount(); ++r) {
            if (view.model()->index(r, ui::TimelineModel::What).data().toString() == what)
                return r;
        }
        return -1;
    };
    // The message with how its copy stands, and the delivery as an event on the order, newest first.
    ASSERT_TRUE(waitUntil([&] {
        return view.objectId() == QStringLiteral("R42") && rowOf(QStringLiteral("Delivered to warehouse")) >= 0 &&
               view.model()->index(rowOf(QStringLiteral("order:new")), ui::TimelineModel::Detail).data().toString() ==
                   QStringLiteral("warehouse archived");
    }));
    EXPECT_EQ(view.objectType(), QStringLiteral("order"));
    EXPECT_EQ(view.model()->rowCount(), 2);
    const int message = rowOf(QStringLiteral("order:new"));
    EXPECT_EQ(view.model()->index(rowOf(QStringLiteral("Delivered to warehouse")), ui::TimelineModel::Origin).data(),
              QStringLiteral("endpoint:warehouse"));
    view.table()->selectRow(message);
    ASSERT_TRUE(waitUntil([&] { return view.detail()->shownId() == QString::fromStdString(first); }));

    // A note goes on record, at the top.
    QTest::keyClicks(view.noteField(), QStringLiteral("Called the customer"));
    ASSERT_TRUE(view.addNoteButton()->isEnabled());
    QTest::mouseClick(view.addNoteButton(), Qt::LeftButton);
    ASSERT_TRUE(waitUntil([&] { return view.model()->rowCount() == 3; }));
    EXPECT_EQ(view.model()->index(0, ui::TimelineModel::Detail).data().toString(),
              QStringLiteral("Called the customer"));
    EXPECT_EQ(view.model()->index(0, ui::TimelineModel::Origin).data().toString(), QStringLiteral("owner"));
    EXPECT_TRUE(view.noteField()->text().isEmpty());

    // Exported oldest first, as CSV and as JSON lines.
    const QList<QByteArray> csv = view.exportText(false).trimmed().split('\n');
    ASSERT_EQ(csv.size(), 4);
    EXPECT_TRUE(csv[0].startsWith("when,kind,")) << csv[0].constData();
    EXPECT_TRUE(csv[1].contains("order:new") || csv[2].contains("order:new")) << csv[1].constData();
    EXPECT_TRUE(csv[3].contains("Called the customer")) << csv[3].constData();
    const QList<QByteArray> json = view.exportText(true).trimmed().split('\n');
    ASSERT_EQ(json.size(), 3);
    EXPECT_EQ(Json::parse(json[2].toStdString())["from"], "owner");

    // Something unknown is said so.
    view.searchField()->setText(QStringLiteral("Z9"));
    QTest::keyClick(view.searchField(), Qt::Key_Return);
    ASSERT_TRUE(waitUntil([&] { return view.objectId().isEmpty(); }));
    EXPECT_EQ(view.model()->rowCount(), 0);
}

TEST_F(Window, AMessagesDetailLeadsToTheHistoryOfItsObjects)
{
    start();
    const std::string id = push(R"({"order":{"number":"R77","status":"complete"}})");
    ui::MainWindow window(*backend);
    window.show();
    window.messages()->detail()->show(QString::fromStdString(id));
    const QList<QLabel *> attributes = window.messages()->detail()->findChildren<QLabel *>();
    QLabel *withLink = nullptr;
    ASSERT_TRUE(waitUntil([&] {
        for (QLabel *l : attributes) {
            if (l->text().contains(QStringLiteral("history:order:R77")))
                withLink = l;
        }
        return withLink != nullptr;
    }));
    Q_EMIT withLink->linkActivated(QStringLiteral("history:order:R77"));
    EXPECT_EQ(window.currentView(), ui::MainWindow::Objects);
    ASSERT_TRUE(waitUntil([&] { return window.objects()->model()->rowCount() >= 1; }));
    EXPECT_EQ(window.objects()->objectId(), QStringLiteral("R77"));
}

TEST_F(Window, SubscriptionFormOpensASavedOneWithEverythingInIt)
{
    start(false);
    Subscription saved;
    saved.endpoint = QStringLiteral("warehouse");
    saved.messages = {QStringLiteral("shipment:ready")};
    saved.filters = {FilterRule{"payload.shipment.status", "eq", Json("ready")},
                     FilterRule{"payload.shipment.cost", "gt", Json(10)}};
    saved.match = MatchRule::Any;
    saved.parameters = {Parameter{QStringLiteral("warehouse_id"), Json("42")}};
    saved.id = 7; // as if saved: the form does not look it up

    // Filled in row by row as it is built: checked only once whole.
    ui::SubscriptionDialog dialog(*backend, saved);
    dialog.show();
    ASSERT_EQ(dialog.filtersTable()->rowCount(), 2);
    EXPECT_EQ(dialog.filtersTable()->item(0, 0)->text(), QStringLiteral("payload.shipment.status"));
    EXPECT_EQ(dialog.filtersTable()->item(1, 2)->text(), QStringLiteral("10"));
    // The string "42" must come back as a string, not the number it looks like.
    EXPECT_EQ(dialog.subscription().parameters.front().value, Json("42"));
    EXPECT_EQ(dialog.subscription().match, MatchRule::Any);
    EXPECT_EQ(dialog.subscription().filters.at(1).value, Json(10));
    EXPECT_TRUE(dialog.buttons()->button(QDialogButtonBox::Save)->isEnabled())
        << qPrintable(dialog.messageLabel()->text());
}

TEST_F(Window, DiscoveredServiceBecomesAnEndpointAndASubscription)
{
    start(false);
    TestEndpoint mailer;
    QFile description(QStringLiteral(TEST_DATA_DIR "/endpoint.json"));
    ASSERT_TRUE(description.open(QIODevice::ReadOnly));
    mailer.answer("/endpoint.json", TestEndpoint::Answer{.body = description.readAll()});

    ui::DiscoverDialog dialog(*backend, mailer.url());
    dialog.show();
    dialog.fetch();
    ASSERT_TRUE(waitUntil([&] { return dialog.services()->count() == 2; }))
        << qPrintable(dialog.messageLabel()->text());
    EXPECT_EQ(dialog.services()->tabText(0), QStringLiteral("order_confirmation"));

    // The required API key is missing: said, nothing written.
    dialog.create(QStringLiteral("order_confirmation"));
    EXPECT_TRUE(dialog.messageLabel()->text().contains(QStringLiteral("mailer.api_key")))
        << qPrintable(dialog.messageLabel()->text());
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT count(*) FROM subscriptions")).toInt(), 0);

    dialog.setValue(QStringLiteral("order_confirmation"), QStringLiteral("mailer.api_key"), Json("key-123"));
    dialog.create(QStringLiteral("order_confirmation"));
    ASSERT_TRUE(waitUntil([&] { return backend->configuration().subscriptions.size() == 1; }))
        << qPrintable(dialog.messageLabel()->text());
    const Subscription &created = backend->configuration().subscriptions.front();
    EXPECT_EQ(created.endpoint, QStringLiteral("mailer"));
    EXPECT_EQ(created.path, QStringLiteral("/order_confirmation"));
    EXPECT_EQ(created.messages, QStringList{QStringLiteral("order:new")});
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT url FROM endpoints WHERE name = 'mailer'")).toString(), mailer.url());
    const QString parameters = db.scalar(QStringLiteral("SELECT parameters FROM subscriptions")).toString();
    EXPECT_TRUE(parameters.contains(QStringLiteral("key-123"))) << qPrintable(parameters);
    EXPECT_TRUE(parameters.contains(QStringLiteral("mailer.send_html")))
        << "defaults are filled in: " << qPrintable(parameters);

    // Created once; the same again is refused, and said.
    dialog.create(QStringLiteral("order_confirmation"));
    ASSERT_TRUE(waitUntil([&] { return dialog.messageLabel()->text().contains(QStringLiteral("already sends")); }))
        << qPrintable(dialog.messageLabel()->text());
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT count(*) FROM subscriptions")).toInt(), 1);
}

TEST_F(Window, ParkedDeliveryRetriedFromTheMessagesViewReachesTheEndpointAndTheArchive)
{
    start();
    server.answerNext("/orders", {TestEndpoint::Answer{.status = 500, .body = R"({"error":"database locked"})"}});
    const std::string id = push();
    ASSERT_TRUE(waitUntil([&] { return deliveryState(id) == QLatin1String("parked"); }));

    ui::MessagesView view(*backend);
    view.resize(1200, 800);
    view.show();
    view.showQueue(Browse::Queue::Accepted, {QStringLiteral("parked")});
    ASSERT_TRUE(waitUntil([&] { return view.model()->rowCount() == 1; }));
    EXPECT_EQ(view.model()->row(0).state, QStringLiteral("parked"));
    EXPECT_TRUE(view.model()
                    ->data(view.model()->index(0, ui::RowsModel::Note))
                    .toString()
                    .contains(QStringLiteral("database locked")));

    view.table()->selectRow(0);
    ASSERT_TRUE(waitUntil([&] { return view.detail()->shownId() == view.model()->row(0).id; }));
    view.actOnSelection(QStringLiteral("retry"));

    ASSERT_TRUE(server.waitFor(2, 10000, "/orders"));
    ASSERT_TRUE(waitUntil([&] { return deliveryState(id) == QLatin1String("archived"); }));
    // The list follows: the row shows its new state, and the archive has it.
    ASSERT_TRUE(waitUntil(
        [&] { return view.model()->rowCount() == 0 || view.model()->row(0).state == QLatin1String("archived"); }));
    view.showQueue(Browse::Queue::Archive);
    ASSERT_TRUE(waitUntil([&] { return view.model()->rowCount() == 1; }));
    EXPECT_EQ(view.model()->row(0).parentId.toStdString(), id);
}

// The copies of the message shown, as its Deliveries tab lists them: "id state".
QStringList copiesShown(ui::MessageDetailView *detail)
{
    QStringList shown;
    auto *copies = detail->findChild<QTreeWidget *>(QStringLiteral("copies"));
    for (int i = 0; copies && i < copies->topLevelItemCount(); ++i)
        shown << copies->topLevelItem(i)->text(0) + QLatin1Char(' ') + copies->topLevelItem(i)->text(2);
    return shown;
}

TEST_F(Window, TheChosenMessagesDetailFollowsWhatHappensToItsCopiesAndSurvivesAReload)
{
    start();
    server.answerNext("/orders", {TestEndpoint::Answer{.status = 500, .body = R"({"error":"database locked"})"}});
    const std::string id = push();
    ASSERT_TRUE(waitUntil([&] { return deliveryState(id) == QLatin1String("parked"); }));
    const QString delivery =
        db.scalar(QStringLiteral("SELECT id FROM deliveries WHERE parent_id = '%1'").arg(QString::fromStdString(id)))
            .toString();

    ui::MessagesView view(*backend);
    view.resize(1200, 800);
    view.show();
    ASSERT_TRUE(waitUntil([&] { return view.model()->rowCount() == 1; }));
    view.table()->selectRow(0);
    ASSERT_TRUE(waitUntil([&] {
        return copiesShown(view.detail()) == QStringList{delivery + QStringLiteral(" Parked")};
    })) << qPrintable(copiesShown(view.detail()).join(QLatin1Char(',')));

    // Retried elsewhere (the command line, another window): the detail shows where the copy went.
    DeliveryActions::Selection retry;
    retry.ids = {delivery.toStdString()};
    engine->actions().start(DeliveryActions::Action::Retry, retry, {}, {});
    ASSERT_TRUE(waitUntil([&] { return deliveryState(id) == QLatin1String("archived"); }));
    EXPECT_TRUE(waitUntil([&] {
        return copiesShown(view.detail()) == QStringList{delivery + QStringLiteral(" Delivered")};
    })) << qPrintable(copiesShown(view.detail()).join(QLatin1Char(',')));

    // A reload lets go of the row, not of the message being read.
    view.reload();
    ASSERT_TRUE(waitUntil([&] { return view.model()->rowCount() == 1; }));
    EXPECT_EQ(view.detail()->shownId().toStdString(), id);
    EXPECT_EQ(copiesShown(view.detail()), QStringList{delivery + QStringLiteral(" Delivered")});
}

TEST_F(Window, MessagesAreListedByWhatTheyAreAboutAndHowTheirCopiesStandAndFoundByTheOrderNumber)
{
    start();
    server.answerNext("/orders", {TestEndpoint::Answer{.status = 500}, TestEndpoint::Answer{.status = 500}});
    const std::string parked = push(R"({"order":{"number":"R101544205"}})");
    const std::string archived = push(R"({"order":{"number":"R2"}})");
    ASSERT_TRUE(waitUntil([&] { return deliveryState(archived) == QLatin1String("parked"); }));
    const std::string delivered = push(R"({"order":{"number":"R3","note":"gift wrap"}})");
    ASSERT_TRUE(waitUntil([&] { return deliveryState(delivered) == QLatin1String("archived"); }));
    DeliveryActions::Selection archive;
    archive.ids = {
        db.scalar(
              QStringLiteral("SELECT id FROM deliveries WHERE parent_id = '%1'").arg(QString::fromStdString(archived)))
            .toString()
            .toStdString()};
    engine->actions().start(DeliveryActions::Action::Archive, archive, {}, {});
    ASSERT_TRUE(waitUntil([&] { return deliveryState(archived) == QLatin1String("archived"); }));

    ui::MessagesView view(*backend);
    view.resize(1400, 800);
    view.show();
    const auto shown = [&](int column) {
        QStringList cells;
        for (int row = 0; row < view.model()->rowCount(); ++row)
            cells << view.model()->data(view.model()->index(row, column)).toString();
        return cells;
    };
    // Incoming: each message with its order, and how its copy stands rather than a bare "Accepted".
    ASSERT_TRUE(waitUntil([&] { return shown(ui::RowsModel::State).size() == 3; }));
    EXPECT_TRUE(waitUntil([&] {
        return shown(ui::RowsModel::About) == QStringList{QStringLiteral("order R3"), QStringLiteral("order R2"),
                                                          QStringLiteral("order R101544205")} &&
               shown(ui::RowsModel::State) ==
                   QStringList{QStringLiteral("1 delivered"), QStringLiteral("1 archived"), QStringLiteral("1 parked")};
    })) << qPrintable(shown(ui::RowsModel::About).join(QLatin1Char(',')) + QLatin1Char('/') +
                      shown(ui::RowsModel::State).join(QLatin1Char(',')));

    // The id box takes the order's number, in every tab.
    QLineEdit *idBox = nullptr, *textBox = nullptr;
    for (QLineEdit *edit : view.findChildren<QLineEdit *>()) {
        if (edit->placeholderText().contains(QLatin1String("order or shipment number")))
            idBox = edit;
        if (edit->placeholderText().contains(QLatin1String("text")))
            textBox = edit;
    }
    ASSERT_TRUE(idBox && textBox);
    idBox->setText(QStringLiteral("R101544205"));
    ASSERT_TRUE(waitUntil([&] { return view.model()->rowCount() == 1; }));
    EXPECT_EQ(view.model()->row(0).id.toStdString(), parked);
    view.showQueue(Browse::Queue::Accepted);
    ASSERT_TRUE(waitUntil(
        [&] { return view.model()->rowCount() == 1 && view.model()->row(0).state == QLatin1String("parked"); }));
    EXPECT_EQ(view.model()->row(0).parentId.toStdString(), parked);
    idBox->clear();

    // The archive tells the endpoint's success from the owner's Archive.
    view.showQueue(Browse::Queue::Archive, {QStringLiteral("delivered")});
    ASSERT_TRUE(waitUntil([&] { return view.model()->rowCount() == 1; }));
    EXPECT_EQ(view.model()->row(0).parentId.toStdString(), delivered);
    EXPECT_EQ(shown(ui::RowsModel::State), QStringList{QStringLiteral("Delivered")});
    view.showQueue(Browse::Queue::Archive, {QStringLiteral("archived")});
    ASSERT_TRUE(waitUntil(
        [&] { return view.model()->rowCount() == 1 && view.model()->row(0).parentId.toStdString() == archived; }));
    ASSERT_TRUE(waitUntil([&] { return view.model()->total() == 1; }));

    // Text in the payload is searched in the archive too: the delivery's message is read.
    view.showQueue(Browse::Queue::Archive);
    ASSERT_TRUE(textBox->isEnabled());
    textBox->setText(QStringLiteral("gift wrap"));
    ASSERT_TRUE(waitUntil([&] { return view.model()->rowCount() == 1; }));
    EXPECT_EQ(view.model()->row(0).parentId.toStdString(), delivered);
}

TEST_F(Window, CtrlRRetriesTheChosenDeliveryInMessagesAndOnlyThere)
{
    start();
    server.answerNext("/orders", {TestEndpoint::Answer{.status = 500, .body = R"({"error":"database locked"})"}});
    const std::string id = push();
    ASSERT_TRUE(waitUntil([&] { return deliveryState(id) == QLatin1String("parked"); }));

    ui::MainWindow window(*backend);
    window.show();
    window.activateWindow();
    ASSERT_TRUE(QTest::qWaitForWindowActive(&window));
    window.showView(ui::MainWindow::Dashboard);
    // Elsewhere, the key shows Messages rather than act on rows out of sight.
    QTest::keyClick(&window, Qt::Key_R, Qt::ControlModifier);
    EXPECT_EQ(window.currentView(), ui::MainWindow::Messages);
    ui::MessagesView *messages = window.messages();
    messages->showQueue(Browse::Queue::Accepted, {QStringLiteral("parked")});
    ASSERT_TRUE(waitUntil([&] { return messages->model()->rowCount() == 1; }));
    // A retry would have been handed to the writer by now; once the writer has done what it was given, it
    // would show.
    ASSERT_TRUE(engine->writer().execute([](WriteTransaction &) { return Status{}; }).ok());
    EXPECT_EQ(deliveryState(id), QStringLiteral("parked")) << "nothing was chosen, nothing retried";

    messages->table()->selectRow(0);
    QTest::keyClick(&window, Qt::Key_R, Qt::ControlModifier);
    ASSERT_TRUE(server.waitFor(2, 10000, "/orders"));
    EXPECT_TRUE(waitUntil([&] { return deliveryState(id) == QLatin1String("archived"); }));
}

TEST_F(Window, RetryAllParkedForAnEndpoint)
{
    start();
    server.answerNext("/orders", {TestEndpoint::Answer{.status = 503}, TestEndpoint::Answer{.status = 503},
                                  TestEndpoint::Answer{.status = 503}});
    std::vector<std::string> ids = {push(), push(), push()};
    ASSERT_TRUE(waitUntil([&] {
        return db.scalar(QStringLiteral("SELECT count(*) FROM deliveries WHERE state = 'parked'")).toInt() == 3;
    }));
    ui::MessagesView view(*backend);
    view.show();
    view.showQueue(Browse::Queue::Accepted, {QStringLiteral("parked")});
    ASSERT_TRUE(waitUntil([&] { return view.model()->rowCount() == 3; }));
    view.table()->selectRow(1);
    MessageBoxCloser boxes;
    view.retryAllParkedForEndpoint();
    ASSERT_TRUE(waitUntil([&] {
        return db.scalar(QStringLiteral("SELECT count(*) FROM deliveries WHERE state = 'archived'")).toInt() == 3;
    }));
    ASSERT_TRUE(waitUntil([&] { return !boxes.said.isEmpty(); }));
    EXPECT_EQ(boxes.said.front(), QStringLiteral("Send 3 parked deliveries of warehouse again now?"))
        << "asked first, with the count";
    ASSERT_TRUE(waitUntil([&] { return boxes.said.size() == 2; }));
    EXPECT_TRUE(boxes.said.back().contains(QStringLiteral("3 parked deliveries of warehouse")))
        << qPrintable(boxes.said.back());
}

TEST_F(Window, DashboardCountsAndTheAlertBanner)
{
    start();
    ui::DashboardView dashboard(*backend);
    dashboard.show();
    push();
    push();
    ASSERT_TRUE(
        waitUntil([&] { return dashboard.tileCount(Browse::Queue::Archive, QStringLiteral("archived")) == 2; }));
    EXPECT_EQ(dashboard.tileCount(Browse::Queue::Incoming, QStringLiteral("accepted")), 2);
    EXPECT_EQ(dashboard.tileCount(Browse::Queue::Accepted, QStringLiteral("parked")), 0);
    EXPECT_FALSE(dashboard.banner()->isVisible());

    Browse::Queue chosenQueue = Browse::Queue::Incoming;
    QString chosenState;
    QObject::connect(&dashboard, &ui::DashboardView::queueChosen, [&](Browse::Queue q, const QString &s) {
        chosenQueue = q;
        chosenState = s;
    });
    // The endpoint fails, the delivery parks and an alert opens once the circuit does.
    server.answerAll(TestEndpoint::Answer{.status = 500});
    for (int i = 0; i < 6; ++i)
        push();
    ASSERT_TRUE(waitUntil([&] { return dashboard.tileCount(Browse::Queue::Accepted, QStringLiteral("parked")) == 6; }));
    ASSERT_TRUE(waitUntil([&] { return dashboard.banner()->isVisible(); }));
    EXPECT_TRUE(dashboard.banner()->text().contains(QStringLiteral("warehouse")))
        << qPrintable(dashboard.banner()->text());
    // The banner leads to the endpoint's history, where the alert is an event.
    ASSERT_TRUE(dashboard.banner()->text().contains(QStringLiteral("history:endpoint:warehouse")))
        << qPrintable(dashboard.banner()->text());
    QString historyType, historyId;
    QObject::connect(&dashboard, &ui::DashboardView::historyChosen, [&](const QString &type, const QString &id) {
        historyType = type;
        historyId = id;
    });
    Q_EMIT dashboard.banner()->linkActivated(QStringLiteral("history:endpoint:warehouse"));
    EXPECT_EQ(historyType, QStringLiteral("endpoint"));
    EXPECT_EQ(historyId, QStringLiteral("warehouse"));
    EXPECT_GE(db.scalar(QStringLiteral("SELECT count(*) FROM events WHERE reference_type = 'endpoint' AND "
                                       "reference_id = 'warehouse' AND subject LIKE 'Alert raised%'"))
                  .toInt(),
              1);
    // Each parked delivery is an event on its order, the same one again counting another occurrence.
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT sum(occurrences) FROM events WHERE reference_type = 'order' AND "
                                       "reference_id = 'R1' AND subject = 'Parked at warehouse' AND level = 'error'"))
                  .toInt(),
              6);
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT sum(occurrences) FROM events WHERE reference_type = 'order' AND "
                                       "reference_id = 'R1' AND subject = 'Delivered to warehouse'"))
                  .toInt(),
              2)
        << "the two delivered before the endpoint failed";

    // The parked tile leads to the parked deliveries.
    for (QToolButton *tile : dashboard.findChildren<QToolButton *>())
        if (tile->text().contains(QStringLiteral("parked")))
            tile->click();
    EXPECT_EQ(chosenQueue, Browse::Queue::Accepted);
    EXPECT_EQ(chosenState, QStringLiteral("parked"));
    QAbstractItemModelTester tester(dashboard.endpointsModel(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    EXPECT_EQ(dashboard.endpointsModel()->rowCount(), 1);
    // The rate axis has its ticks at round numbers.
    const auto [top, ticks] = dashboard.rateAxis();
    ASSERT_GT(ticks, 1);
    const double step = top / (ticks - 1);
    double unit = 1;
    while (unit * 10 <= step)
        unit *= 10;
    EXPECT_TRUE(step == unit || step == 2 * unit || step == 5 * unit) << top << " in " << ticks << " ticks";
}

TEST_F(Window, TheDashboardCountsRefusedPushesByReasonAndListsThem)
{
    start(true, true);
    ui::DashboardView dashboard(*backend);
    dashboard.show();
    EXPECT_TRUE(dashboard.refusedLine()->text().contains(QStringLiteral("No push has been refused")));
    test::HttpClient client(engine->pushPort());
    const QByteArray body = R"({"message":"order:new","payload":{}})";
    for (int i = 0; i < 2; ++i)
        EXPECT_EQ(
            client
                .post("/api/stores/main/messages", body, {"Content-Type: application/json", "X-Hub-Access-Token: nope"})
                .status,
            401);
    EXPECT_EQ(client.post("/api/stores/main/messages", body, {"Content-Type: text/plain"}).status, 401);
    ASSERT_TRUE(waitUntil([&] { return dashboard.refusedLine()->text().contains(QStringLiteral("3 pushes refused")); }))
        << qPrintable(dashboard.refusedLine()->text());
    EXPECT_TRUE(dashboard.refusedLine()->text().contains(QStringLiteral("2 wrong token, 1 no token")))
        << qPrintable(dashboard.refusedLine()->text());

    ui::RefusedPushesDialog dialog(*backend);
    ASSERT_EQ(dialog.list()->topLevelItemCount(), 3);
    EXPECT_EQ(dialog.list()->topLevelItem(0)->text(3), QStringLiteral("no token"));
    EXPECT_EQ(dialog.list()->topLevelItem(0)->text(4), QStringLiteral("127.0.0.1"));
    EXPECT_EQ(dialog.list()->topLevelItem(2)->text(1), QStringLiteral("main"));
}

TEST_F(Window, SecretsAreMaskedEverywhereUntilShownAndCopiedWhole)
{
    start(false);
    const QString token = backend->configuration().stores.front().pushToken;
    ASSERT_FALSE(token.isEmpty());
    ui::StoresView view(*backend);
    view.show();
    ASSERT_TRUE(waitUntil([&] { return view.tokenField()->text() == token; }));
    EXPECT_EQ(view.tokenField()->echoMode(), QLineEdit::Password);
    EXPECT_FALSE(view.curlExample()->toPlainText().contains(token)) << "the example does not print it either";
    EXPECT_TRUE(view.curlExample()->toPlainText().contains(QStringLiteral("X-Hub-Access-Token: ••••")));
    QPushButton *show = nullptr;
    for (QPushButton *b : view.findChildren<QPushButton *>()) {
        if (b->text() == QLatin1String("Show") && b->parentWidget() == view.tokenField()->parentWidget())
            show = b;
    }
    ASSERT_TRUE(show);
    show->click();
    EXPECT_EQ(view.tokenField()->echoMode(), QLineEdit::Normal);
    EXPECT_TRUE(view.curlExample()->toPlainText().contains(token));

    // An endpoint's token and signing secret, in its form, the same way.
    Endpoint e = backend->configuration().endpoints.front();
    e.token = QStringLiteral("endpoint-token");
    ui::EndpointDialog dialog(*backend, e);
    int masked = 0;
    for (QLineEdit *edit : dialog.findChildren<QLineEdit *>())
        masked += edit->echoMode() == QLineEdit::Password ? 1 : 0;
    EXPECT_EQ(masked, 2);
}

TEST_F(Window, AlertsAreListedAndAcknowledged)
{
    start();
    ASSERT_TRUE(engine->writer()
                    .execute([](WriteTransaction &tx) {
                        return AlertStore::raise(tx, Alerts::EndpointFailing, QStringLiteral("warehouse"),
                                                 QStringLiteral("HTTP 500: database locked"), tx.clock().nowMs());
                    })
                    .ok());
    ui::AlertsView view(*backend);
    backend->refresh();
    ASSERT_TRUE(waitUntil([&] { return view.list()->topLevelItemCount() == 1; }));
    QTreeWidgetItem *item = view.list()->topLevelItem(0);
    EXPECT_EQ(item->text(1), QStringLiteral("Endpoint failing"));
    EXPECT_EQ(item->text(2), QStringLiteral("warehouse"));
    EXPECT_TRUE(item->text(6).isEmpty());
    item->setSelected(true);
    view.acknowledgeSelected();
    ASSERT_TRUE(waitUntil(
        [&] { return db.scalar(QStringLiteral("SELECT acknowledged_at IS NOT NULL FROM alerts")).toBool(); }));
    ASSERT_TRUE(waitUntil([&] { return !view.list()->topLevelItem(0)->text(6).isEmpty(); }));
}

TEST_F(Window, SettingsAreCheckedAndKept)
{
    start(false);
    ui::SettingsDialog dialog(*backend);
    dialog.show();
    QPushButton *save = dialog.buttons()->button(QDialogButtonBox::Save);
    dialog.listenField()->setText(QStringLiteral("localhost:80"));
    EXPECT_FALSE(save->isEnabled());
    EXPECT_TRUE(dialog.messageLabel()->text().contains(QStringLiteral("IP address")))
        << qPrintable(dialog.messageLabel()->text());
    dialog.listenField()->setText(QStringLiteral("0.0.0.0:8421"));
    dialog.scheduleField()->setText(QStringLiteral("5, soon"));
    EXPECT_FALSE(save->isEnabled());
    dialog.scheduleField()->setText(QStringLiteral("5, 60, 600"));
    dialog.databaseField()->setText(QStringLiteral("relative.db"));
    EXPECT_FALSE(save->isEnabled());
    dialog.databaseField()->setText(db.dir() + QStringLiteral("/elsewhere.db"));
    dialog.retentionField()->setValue(30);
    dialog.degradedField()->setValue(40);
    ASSERT_TRUE(save->isEnabled()) << qPrintable(dialog.messageLabel()->text());
    QTest::mouseClick(save, Qt::LeftButton);
    ASSERT_TRUE(waitUntil([&] { return dialog.result() == QDialog::Accepted; }));

    const ui::AppSettings kept = ui::AppSettings::load();
    EXPECT_EQ(kept.listen, QStringLiteral("0.0.0.0:8421"));
    EXPECT_EQ(kept.databasePath, db.dir() + QStringLiteral("/elsewhere.db"));
    auto read = db.read();
    Result<HubSettings> hub = SettingsStore::load(read->database());
    ASSERT_TRUE(hub.ok());
    EXPECT_EQ(hub->retentionDays, 30);
    EXPECT_EQ(hub->defaultRetryScheduleS, (std::vector<int>{5, 60, 600}));
    EXPECT_EQ(hub->degradedFailurePercent, 40);
    EXPECT_TRUE(ui::AppSettings{}.save().ok()); // leave the defaults for the other tests
}

TEST_F(Window, ConfigurationExportAndImportRoundTrip)
{
    start();
    const QString file = db.dir() + QStringLiteral("/exported.json");
    std::optional<Result<QString>> exported;
    QObject context;
    ui::ConfigTransfer::exportFile(*backend, &context, file, [&](Result<QString> r) { exported = std::move(r); });
    ASSERT_TRUE(waitUntil([&] { return exported.has_value(); }));
    ASSERT_TRUE(exported->ok()) << qPrintable(exported->error().text());
    QFile f(file);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    Json json = Json::parse(f.readAll().toStdString());
    EXPECT_EQ(json["endpoints"][0]["name"], "warehouse");
    f.close();

    // Import it back with one more endpoint; then a broken file changes nothing and says why.
    json["endpoints"].push_back({{"name", "erp"}, {"url", "http://127.0.0.1:9"}});
    ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(QByteArray::fromStdString(json.dump()));
    f.close();
    std::optional<Result<QString>> imported;
    ui::ConfigTransfer::importFile(*backend, &context, file, ConfigStore::ImportMode::Merge,
                                   [&](Result<QString> r) { imported = std::move(r); });
    ASSERT_TRUE(waitUntil([&] { return imported.has_value(); }));
    ASSERT_TRUE(imported->ok()) << qPrintable(imported->error().text());
    ASSERT_TRUE(waitUntil([&] { return backend->configuration().endpoints.size() == 2; }));

    ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(R"({"endpoints":[{"name":"bad","url":"gopher://x"}]})");
    f.close();
    imported.reset();
    ui::ConfigTransfer::importFile(*backend, &context, file, ConfigStore::ImportMode::Replace,
                                   [&](Result<QString> r) { imported = std::move(r); });
    ASSERT_TRUE(waitUntil([&] { return imported.has_value(); }));
    ASSERT_FALSE(imported->ok());
    EXPECT_TRUE(imported->error().text().contains(QStringLiteral("url"))) << qPrintable(imported->error().text());
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT count(*) FROM endpoints")).toInt(), 2);
}

TEST_F(Window, MainWindowKeepsItsViewBetweenRuns)
{
    start();
    {
        ui::MainWindow window(*backend);
        window.show();
        window.showView(ui::MainWindow::Endpoints);
        EXPECT_EQ(window.currentView(), ui::MainWindow::Endpoints);
        window.close();
    }
    ui::MainWindow again(*backend);
    EXPECT_EQ(again.currentView(), ui::MainWindow::Endpoints);
    again.showView(ui::MainWindow::Dashboard);
    again.close();
}

TEST_F(Window, QuitSaysWhatIsStillWaitingToBeSent)
{
    start();
    ui::MainWindow window(*backend);
    EXPECT_TRUE(window.quitQuestion().isEmpty()) << "nothing waits: Quit asks nothing";
    EXPECT_FALSE(window.closingKeepsRunning()) << "no system tray here: closing the window stops the engine";
    // A paused endpoint's deliveries wait.
    std::promise<Status> paused;
    engine->owner().setEndpointPaused(backend->configuration().endpoints.front().id, true,
                                      [&](const Status &s) { paused.set_value(s); });
    ASSERT_TRUE(paused.get_future().get().ok());
    push();
    push();
    ASSERT_TRUE(waitUntil([&] { return !window.quitQuestion().isEmpty(); }));
    EXPECT_TRUE(window.quitQuestion().startsWith(QStringLiteral("2 deliveries are still waiting to be sent")))
        << qPrintable(window.quitQuestion());
}

TEST_F(Window, EveryShortcutIsTheOnlyOneOnItsKeys)
{
    // Two actions on one key make Qt fire neither (an "ambiguous shortcut"), silently.
    start();
    ui::MainWindow window(*backend);
    QMap<QString, QString> owner;
    int shortcuts = 0;
    const auto take = [&](const QKeySequence &key, const QString &what) {
        const QString text = key.toString();
        ++shortcuts;
        EXPECT_FALSE(owner.contains(text))
            << qPrintable(text) << " is on both " << qPrintable(owner.value(text)) << " and " << qPrintable(what);
        owner.insert(text, what);
    };
    for (QAction *action : window.findChildren<QAction *>()) {
        for (const QKeySequence &key : action->shortcuts())
            take(key, action->text());
    }
    for (QAbstractButton *button : window.findChildren<QAbstractButton *>()) {
        if (!button->shortcut().isEmpty())
            take(button->shortcut(), button->text());
    }
    EXPECT_GE(shortcuts, 11); // the six views, find, retry, refresh, settings, quit
    EXPECT_TRUE(owner.contains(QStringLiteral("F5")));
    EXPECT_TRUE(owner.contains(QStringLiteral("Ctrl+R")));
    EXPECT_TRUE(owner.contains(QStringLiteral("Ctrl+Q"))); // set by hand: the platform's Quit is empty offscreen
}

// Every item model, checked by Qt's own tester while real data flows through it.

TEST_F(Window, RowsModelPassesTheModelTester)
{
    start();
    for (int i = 0; i < ui::RowsModel::PageSize + 30; ++i)
        push();
    ui::MessagesView view(*backend);
    view.show();
    QAbstractItemModelTester tester(view.model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    ASSERT_TRUE(waitUntil([&] { return view.model()->rowCount() == ui::RowsModel::PageSize; }));
    // Scrolling to the end fetches the next page.
    view.table()->scrollToBottom();
    ASSERT_TRUE(waitUntil([&] {
        view.table()->scrollToBottom();
        return view.model()->rowCount() == ui::RowsModel::PageSize + 30;
    })) << view.model()->rowCount()
        << " rows";
    std::set<QString> ids;
    for (int i = 0; i < view.model()->rowCount(); ++i)
        ids.insert(view.model()->row(i).id);
    EXPECT_EQ(ids.size(), size_t(ui::RowsModel::PageSize + 30)) << "every message once";
    view.showQueue(Browse::Queue::Archive);
    ASSERT_TRUE(waitUntil([&] { return view.model()->rowCount() == ui::RowsModel::PageSize; }));
    push(); // new rows arrive at the top while it is shown
    ASSERT_TRUE(
        waitUntil([&] { return view.model()->row(0).atMs > 0 && view.model()->rowCount() > ui::RowsModel::PageSize; }));
}

TEST(Durations, RetrySchedulesReadAndWriteAsDurations)
{
    EXPECT_EQ(ui::scheduleText({5, 300, 1800, 7200}), QStringLiteral("5 s, 5 min, 30 min, 2 h"));
    EXPECT_EQ(ui::durationText(90), QStringLiteral("90 s"));
    EXPECT_EQ(ui::durationText(5400), QStringLiteral("1 h 30 min"));
    EXPECT_EQ(ui::durationText(86400), QStringLiteral("1 d"));
    EXPECT_EQ(ui::parseSchedule(QStringLiteral("5 s, 5 min,30m, 2h, 1 h 30 min, 45, 1 day")),
              (std::vector<int>{5, 300, 1800, 7200, 5400, 45, 86400}));
    EXPECT_EQ(ui::parseSchedule(QStringLiteral("5 s, soon, 3 weeks")), (std::vector<int>{5, -1, -1}));
    for (int s : {0, 1, 59, 60, 61, 3599, 3600, 3660, 86399, 86400, 604800})
        EXPECT_EQ(ui::parseDuration(ui::durationText(s)), s) << s;
}

TEST(Models, JsonTreeModelPassesTheModelTester)
{
    ui::JsonTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setDocument(test::orderNewDocument());
    ASSERT_GT(model.rowCount(), 0);
    // "payload" has children, shown collapsed with a summary.
    QModelIndex payload;
    for (int r = 0; r < model.rowCount(); ++r)
        if (model.index(r, 0).data().toString() == QLatin1String("payload"))
            payload = model.index(r, 0);
    ASSERT_TRUE(payload.isValid());
    EXPECT_GT(model.rowCount(payload), 0);
    model.setDocument(Json::parse(R"({"a":[1,2,{"b":null}],"c":"text"})"));
    EXPECT_EQ(model.rowCount(), 2);
    model.setDocument(Json());
    EXPECT_EQ(model.rowCount(), 0);
}

TEST_F(Window, EndpointsModelPassesTheModelTester)
{
    start();
    ui::EndpointsModel model(*backend);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    EXPECT_EQ(model.rowCount(), 1);
    push();
    ASSERT_TRUE(server.waitFor(1));
    ASSERT_TRUE(waitUntil([&] {
        return model.data(model.index(0, ui::EndpointsModel::SuccessRate)).toString().contains(QStringLiteral("100"));
    }));
    Endpoint second;
    second.name = QStringLiteral("erp");
    second.url = QStringLiteral("http://127.0.0.1:9");
    ASSERT_TRUE(
        engine->writer()
            .execute([&](WriteTransaction &tx) { return ConfigStore(tx.database(), tx.clock()).saveEndpoint(second); })
            .ok());
    backend->refresh();
    ASSERT_TRUE(waitUntil([&] { return model.rowCount() == 2; }));
}

} // namespace

TEST(StoresWindow, TestConnectionNamesTheApiAndTheHeartbeatShowsThePolls)
{
    engine::sim::SimulatedStore::Options o;
    o.v1Key = QStringLiteral("spree-v1-token");
    o.orders = 2;
    engine::sim::SimulatedStore simulated(o);
    ASSERT_TRUE(simulated.start().ok());
    test::TestDatabase db;
    Configuration config = test::basicConfiguration();
    config.stores.front().apiUrl = simulated.url();
    config.stores.front().apiKey = o.v1Key;
    {
        DatabaseWriter writer(db.path());
        ASSERT_TRUE(writer.start().ok());
        ASSERT_TRUE(
            writer.execute([&](WriteTransaction &tx) { return ConfigStore(tx.database(), tx.clock()).apply(config); })
                .ok());
    }
    Engine engine({.databasePath = db.path(), .createDefaultStore = false, .poll = Poller::Options{}});
    ASSERT_TRUE(engine.start().ok());
    ui::Backend backend(engine, QStringLiteral("http://127.0.0.1:8420"));
    ui::StoresView view(backend);
    view.show();
    ASSERT_TRUE(waitUntil([&] { return !backend.configuration().stores.empty(); }));
    const auto label = [&](const QString &text) {
        for (QLabel *l : view.findChildren<QLabel *>()) {
            if (l->text().contains(text))
                return true;
        }
        return false;
    };
    EXPECT_TRUE(waitUntil([&] { return label(QStringLiteral("answering")); })) << "the first poll's heartbeat";

    QPushButton *test = nullptr;
    for (QPushButton *b : view.findChildren<QPushButton *>()) {
        if (b->text() == QStringLiteral("Test connection"))
            test = b;
    }
    ASSERT_NE(test, nullptr);
    QTest::mouseClick(test, Qt::LeftButton);
    EXPECT_TRUE(waitUntil([&] { return label(QStringLiteral("API v1 answers")); }));

    simulated.setMode(engine::sim::SimulatedStore::Mode::Unauthorized);
    QTest::mouseClick(test, Qt::LeftButton);
    EXPECT_TRUE(waitUntil([&] { return label(QStringLiteral("API key is wrong")); }));
    engine.stop();
}
