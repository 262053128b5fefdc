// The window's views over messages, offscreen, over a real engine, database and endpoint: Messages (rows by
// what they are about and how their copies stand, found by an order's number; a live detail; retries from the
// list), Objects' histories, the dashboard (counts, refused pushes, the alert banner), secrets masked, and
// the alerts.

#include "support/WindowTest.h"

using namespace ui_test;

namespace {

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

} // namespace

TEST_F(Window, APushApiOpenToTheNetworkWithoutTlsIsWarnedOfAboveEveryView)
{
    pushOptions.address = QHostAddress::AnyIPv4;
    start(true, true);
    ui::MainWindow window(*backend);
    window.show();
    auto *warning = window.findChild<QLabel *>(QStringLiteral("pushWarningBanner"));
    ASSERT_NE(warning, nullptr);
    EXPECT_TRUE(warning->isVisible());
    EXPECT_TRUE(warning->text().contains(QLatin1String("without TLS"))) << qPrintable(warning->text());
    EXPECT_TRUE(warning->text().contains(QLatin1String("--tls-cert"))) << qPrintable(warning->text());
}

TEST_F(Window, APushApiOnLoopbackIsNotWarnedOf)
{
    start(true, true);
    ui::MainWindow window(*backend);
    window.show();
    auto *warning = window.findChild<QLabel *>(QStringLiteral("pushWarningBanner"));
    ASSERT_NE(warning, nullptr);
    EXPECT_FALSE(warning->isVisible());
}
