// The window, offscreen, over a real engine, a real database file and a real local endpoint: forms that
// check as the owner types and change the engine's configuration when saved, Discover, settings, the
// configuration's import and export, the window's kept layout and its shortcuts, Quit — and every item
// model under QAbstractItemModelTester. The views that show messages are in test_ui_views.cpp.

#include "support/WindowTest.h"

using namespace ui_test;

namespace {

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
    push(); // a hub that has taken a message in is not new: no welcome page
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
