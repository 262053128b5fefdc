#include "MainWindow.h"

#include "AlertsView.h"
#include "AppSettings.h"
#include "Backend.h"
#include "ConfigTransfer.h"
#include "ConsumersView.h"
#include "Counted.h"
#include "DashboardView.h"
#include "EndpointsView.h"
#include "MessageDetailView.h"
#include "MessagesView.h"
#include "ObjectsView.h"
#include "SettingsDialog.h"
#include "StoresView.h"
#include "SubscriptionsView.h"
#include "WelcomeView.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QVBoxLayout>

namespace ui {

using namespace engine;

MainWindow::MainWindow(Backend &backend, QWidget *parent) : QMainWindow(parent), m_backend(backend)
{
    setWindowTitle(QStringLiteral("Integrator"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/integrator.svg")));

    m_nav = new QListWidget(this);
    m_nav->setIconSize(QSize(20, 20));
    m_nav->setSpacing(2);
    m_nav->setFrameShape(QFrame::NoFrame);
    m_nav->setMaximumWidth(200);
    m_stack = new QStackedWidget(this);
    m_dashboard = new DashboardView(backend, this);
    m_messages = new MessagesView(backend, this);
    m_endpoints = new EndpointsView(backend, this);
    m_subscriptions = new SubscriptionsView(backend, this);
    m_consumers = new ConsumersView(backend, this);
    m_objects = new ObjectsView(backend, this);
    m_stores = new StoresView(backend, this);
    m_alerts = new AlertsView(backend, this);
    addView(Dashboard, tr("Dashboard"), QStringLiteral("dashboard"), m_dashboard);
    addView(Messages, tr("Messages"), QStringLiteral("messages"), m_messages);
    addView(Objects, tr("Objects"), QStringLiteral("objects"), m_objects);
    addView(Endpoints, tr("Endpoints"), QStringLiteral("endpoints"), m_endpoints);
    addView(Subscriptions, tr("Subscriptions"), QStringLiteral("subscriptions"), m_subscriptions);
    addView(Consumers, tr("Consumers"), QStringLiteral("consumers"), m_consumers);
    addView(Stores, tr("Stores"), QStringLiteral("stores"), m_stores);
    addView(Alerts, tr("Alerts"), QStringLiteral("alerts"), m_alerts);
    m_welcome = new WelcomeView(backend, this);
    m_stack->addWidget(m_welcome); // at Welcome, past the listed views
    connect(m_nav, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0)
            m_stack->setCurrentIndex(row);
        if (row == Objects && m_demo && m_objects->objectId().isEmpty())
            showNewestOrder();
    });
    connect(m_welcome, &WelcomeView::connectChosen, this, [this] {
        showView(Stores);
        m_stores->startConnecting();
    });
    connect(m_welcome, &WelcomeView::dashboardChosen, this, [this] { showView(Dashboard); });
    connect(m_welcome, &WelcomeView::demoChosen, this, &MainWindow::startDemo);
    m_launchDemo = [] {
        return QProcess::startDetached(QCoreApplication::applicationFilePath(), {QStringLiteral("--demo")});
    };

    auto *split = new QSplitter(this);
    split->setObjectName(QStringLiteral("mainSplit"));
    split->addWidget(m_nav);
    split->addWidget(m_stack);
    split->setStretchFactor(1, 1);
    split->setCollapsible(1, false);
    m_banner = new QLabel(this);
    m_banner->setObjectName(QStringLiteral("demoBanner"));
    m_banner->setWordWrap(true);
    m_banner->setTextFormat(Qt::RichText);
    m_banner->setStyleSheet(QStringLiteral(
        "QLabel { background: #fff4d6; color: #5c4400; border-bottom: 1px solid #e6c66e; padding: 6px; }"));
    m_banner->hide();
    // A push API open to the network without TLS gives its tokens away: said for as long as it runs so.
    m_pushWarning = new QLabel(this);
    m_pushWarning->setObjectName(QStringLiteral("pushWarningBanner"));
    m_pushWarning->setWordWrap(true);
    m_pushWarning->setStyleSheet(QStringLiteral(
        "QLabel { background: #fde2e1; color: #7a1712; border-bottom: 1px solid #e8a09b; padding: 6px; }"));
    m_pushWarning->setText(m_backend.engine().pushWarning());
    m_pushWarning->setVisible(!m_backend.engine().pushWarning().isEmpty());
    // The database out of space: said for as long as it is, from memory (the writer's space state).
    m_spaceWarning = new QLabel(this);
    m_spaceWarning->setObjectName(QStringLiteral("spaceWarningBanner"));
    m_spaceWarning->setWordWrap(true);
    m_spaceWarning->setStyleSheet(m_pushWarning->styleSheet());
    m_spaceWarning->hide();
    auto *central = new QWidget(this);
    auto *centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    centralLayout->addWidget(m_spaceWarning);
    centralLayout->addWidget(m_pushWarning);
    centralLayout->addWidget(m_banner);
    centralLayout->addWidget(split, 1);
    setCentralWidget(central);

    connect(m_dashboard, &DashboardView::queueChosen, this, [this](Browse::Queue queue, const QString &state) {
        m_messages->showQueue(queue, {state});
        showView(Messages);
    });
    connect(m_dashboard, &DashboardView::alertsChosen, this, [this] { showView(Alerts); });
    connect(m_dashboard, &DashboardView::historyChosen, this, [this](const QString &type, const QString &id) {
        m_objects->showObject(type, id);
        showView(Objects);
    });
    // A message's objects lead to their histories.
    for (MessageDetailView *detail : {m_messages->detail(), m_objects->detail()}) {
        connect(detail, &MessageDetailView::historyRequested, this, [this](const QString &type, const QString &id) {
            m_objects->showObject(type, id);
            showView(Objects);
        });
    }

    m_status = new QLabel(this);
    statusBar()->addPermanentWidget(m_status);
    connect(&m_backend, &Backend::tick, this, &MainWindow::updateStatus);
    // The first message taken in is what the welcome page waits for: then the dashboard shows it.
    connect(&m_backend, &Backend::tick, this, [this] {
        if (currentView() == Welcome && !WelcomeView::isNew(m_backend))
            showView(Dashboard);
    });
    connect(&m_backend, &Backend::alertsChanged, this, &MainWindow::updateAlertCount);
    connect(&m_backend, &Backend::alertRaised, this,
            [this](const Alerts::Alert &a) { notify(a.kind, a.subject, a.detail); });

    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(windowIcon(), this);
        m_tray->setToolTip(QStringLiteral("Integrator"));
        connect(m_tray, &QSystemTrayIcon::activated, this, [this] {
            showNormal();
            raise();
            activateWindow();
        });
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
            showNormal();
            showView(Alerts);
        });
        auto *trayMenu = new QMenu(this);
        trayMenu->addAction(tr("Show Integrator"), this, [this] {
            showNormal();
            raise();
            activateWindow();
        });
        trayMenu->addSeparator();
        trayMenu->addAction(tr("Quit Integrator"), this, &MainWindow::quit);
        m_tray->setContextMenu(trayMenu);
        m_tray->show();
    }

    buildMenus();
    resize(1280, 820);
    restoreLayout();
    if (WelcomeView::isNew(m_backend)) {
        m_nav->setCurrentRow(-1);
        m_stack->setCurrentIndex(Welcome);
    }
    updateAlertCount();
    updateStatus();
}

void MainWindow::showDemoBanner(const QString &databasePath)
{
    m_demo = true;
    setWindowTitle(tr("Integrator demo"));
    QString shown = QDir::toNativeSeparators(databasePath);
    if (const QString home = QDir::toNativeSeparators(QDir::homePath()); shown.startsWith(home + QDir::separator()))
        shown = QLatin1Char('~') + shown.mid(home.size());
    m_banner->setText(tr("<b>This is a demo.</b> A simulated Spree store and three endpoints run inside Integrator, on "
                         "a throwaway database (%1) that the next demo starts afresh; your own hub is not touched. "
                         "Leave it with File → Quit (Ctrl+Q); <code>integrator</code> alone opens your own.")
                          .arg(shown.toHtmlEscaped()));
    m_banner->show();
}

void MainWindow::showNewestOrder()
{
    Browse::Filter filter;
    filter.type = QStringLiteral("order:new");
    m_backend.read<QStringList>(
        this,
        [filter](ReadConnection &c) {
            Result<std::vector<Browse::Row>> rows = Browse::page(c.database(), filter, QString(), 1);
            return rows && !rows->empty() ? rows->front().objects : QStringList();
        },
        [this](QStringList objects) {
            // "order R100000003": its own kind first.
            const QStringList first = objects.value(0).split(QLatin1Char(' '));
            if (first.size() == 2 && m_objects->objectId().isEmpty())
                m_objects->showObject(first[0], first[1]);
        });
}

void MainWindow::startDemo()
{
    if (!m_launchDemo || !m_launchDemo()) {
        QMessageBox::warning(this, tr("Try the demo"), tr("The demo could not be started."));
        return;
    }
    statusBar()->showMessage(tr("The demo opens in a window of its own; this hub goes on as it was."), 10'000);
}

void MainWindow::addView(View view, const QString &name, const QString &icon, QWidget *widget)
{
    Q_ASSERT(m_stack->count() == int(view));
    auto *item = new QListWidgetItem(QIcon(QStringLiteral(":/icons/%1.svg").arg(icon)), name, m_nav);
    item->setData(Qt::UserRole, name);
    item->setToolTip(tr("%1 (Ctrl+%2)").arg(name).arg(int(view) + 1));
    m_stack->addWidget(widget);
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Import configuration…"), this, &MainWindow::importConfiguration);
    file->addAction(tr("&Export configuration…"), this, &MainWindow::exportConfiguration);
    file->addSeparator();
    QAction *quit =
        file->addAction(QIcon::fromTheme(QStringLiteral("application-exit")), tr("&Quit"), this, &MainWindow::quit);
    // QKeySequence::Quit is empty on some platforms (Windows, offscreen); Ctrl+Q is what owners expect everywhere.
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    quit->setMenuRole(QAction::QuitRole);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *find = edit->addAction(tr("&Find message…"), this, [this] {
        showView(Messages);
        m_messages->focusSearch();
    });
    find->setShortcut(QKeySequence::Find);
    edit->addSeparator();
    // They act on the rows chosen in Messages: from another view they first show them.
    const auto onChosenDeliveries = [this](const char *action) {
        return [this, action] {
            if (currentView() != Messages)
                showView(Messages);
            else
                m_messages->actOnSelection(QLatin1String(action));
        };
    };
    QAction *retry = edit->addAction(QIcon(QStringLiteral(":/icons/retry.svg")), tr("&Retry selected deliveries"), this,
                                     onChosenDeliveries("retry"));
    retry->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    retry->setToolTip(tr("The deliveries chosen in Messages"));
    edit->addAction(QIcon(QStringLiteral(":/icons/archive.svg")), tr("&Archive selected deliveries"), this,
                    onChosenDeliveries("archive"));
    edit->addSeparator();
    QAction *settings = edit->addAction(QIcon(QStringLiteral(":/icons/settings.svg")), tr("&Settings…"), this,
                                        &MainWindow::openSettings);
    settings->setShortcut(
        QKeySequence(Qt::CTRL | Qt::Key_Comma)); // the platform's Preferences key is empty on some desktops
    settings->setMenuRole(QAction::PreferencesRole);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    for (int i = 0; i < m_nav->count(); ++i) {
        QAction *a =
            view->addAction(m_nav->item(i)->icon(), m_nav->item(i)->text(), this, [this, i] { showView(View(i)); });
        a->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
    }
    view->addSeparator();
    QAction *refresh = view->addAction(tr("&Refresh"), this, [this] {
        m_backend.refresh();
        m_messages->reload();
    });
    refresh->setShortcut(
        QKeySequence(Qt::Key_F5)); // not QKeySequence::Refresh: on GNOME and KDE it is also Ctrl+R, Retry's key
    view->addAction(tr("Rates over the last &5 minutes"), this, [this] { m_dashboard->setChartMinutes(5); });
    view->addAction(tr("Rates over the last &60 minutes"), this, [this] { m_dashboard->setChartMinutes(60); });

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *aboutAction = help->addAction(tr("&About Integrator"), this, &MainWindow::about);
    aboutAction->setMenuRole(QAction::AboutRole);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::showView(View view)
{
    m_nav->setCurrentRow(int(view));
}

MainWindow::View MainWindow::currentView() const
{
    return View(m_stack->currentIndex());
}

void MainWindow::updateAlertCount()
{
    int open = 0;
    for (const Alerts::Alert &a : m_backend.alerts())
        open += a.isOpen() && a.acknowledgedAtMs == 0;
    QListWidgetItem *item = m_nav->item(Alerts);
    const QString name = item->data(Qt::UserRole).toString();
    item->setText(open ? QStringLiteral("%1 (%2)").arg(name).arg(open) : name);
    QFont font = item->font();
    font.setBold(open > 0);
    item->setFont(font);
}

void MainWindow::updateStatus()
{
    const QLocale locale;
    const auto &rates = m_backend.rates();
    QString text = tr("Push API %1 · %2").arg(m_backend.pushBaseUrl(), m_backend.engine().databaseDisplay());
    if (!rates.empty()) {
        const Backend::Rate &r = rates.back();
        text = tr("%1/s taken · %2/s delivered · %3/s failed   %4")
                   .arg(locale.toString(r.taken, 'f', 0), locale.toString(r.delivered, 'f', 0),
                        locale.toString(r.failed, 'f', 0), text);
    }
    m_status->setText(text);

    const auto full = m_backend.engine().writer().space().details();
    if (full) {
        m_spaceWarning->setText(
            tr("The database is out of space since %1: pushes are answered 503 and deliveries wait; nothing "
               "acknowledged is lost. Free space on the disk that holds %2, and Integrator carries on by itself. "
               "(%3)")
                .arg(QDateTime::fromMSecsSinceEpoch(full->sinceMs).toString(QStringLiteral("HH:mm:ss")),
                     m_backend.engine().databaseDisplay(), full->detail));
    }
    m_spaceWarning->setVisible(full.has_value());
}

void MainWindow::notify(const QString &kind, const QString &subject, const QString &detail)
{
    const QString title = QStringLiteral("%1: %2").arg(AlertsView::describeKind(kind), subject);
    statusBar()->showMessage(title, 10'000);
    if (m_tray)
        m_tray->showMessage(title, detail, QSystemTrayIcon::Warning, 10'000);
}

void MainWindow::importConfiguration()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import configuration"), QString(),
                                                      tr("JSON files (*.json);;All files (*)"));
    if (path.isEmpty())
        return;
    QMessageBox ask(QMessageBox::Question, tr("Import configuration"), tr("How should %1 be imported?").arg(path),
                    QMessageBox::Cancel, this);
    ask.setInformativeText(tr("Merge adds what the file has and updates what has the same name, removing nothing. "
                              "Replace makes the configuration exactly the file's; endpoints with deliveries still "
                              "waiting are never removed."));
    QPushButton *merge = ask.addButton(tr("Merge"), QMessageBox::AcceptRole);
    QPushButton *replace = ask.addButton(tr("Replace"), QMessageBox::DestructiveRole);
    ask.setDefaultButton(merge);
    ask.exec();
    if (ask.clickedButton() != merge && ask.clickedButton() != replace)
        return;
    const auto mode =
        ask.clickedButton() == replace ? ConfigStore::ImportMode::Replace : ConfigStore::ImportMode::Merge;
    ConfigTransfer::importFile(m_backend, this, path, mode, [this](Result<QString> result) {
        if (!result)
            return void(QMessageBox::warning(this, tr("Import configuration"), result.error().text()));
        statusBar()->showMessage(*result, 10'000);
    });
}

void MainWindow::exportConfiguration()
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export configuration"), QStringLiteral("integrator-config.json"), tr("JSON files (*.json)"));
    if (path.isEmpty())
        return;
    ConfigTransfer::exportFile(m_backend, this, path, [this](Result<QString> result) {
        if (!result)
            return void(QMessageBox::warning(this, tr("Export configuration"), result.error().text()));
        statusBar()->showMessage(*result, 10'000);
    });
}

void MainWindow::openSettings()
{
    SettingsDialog dialog(m_backend, this);
    if (dialog.exec() == QDialog::Accepted)
        statusBar()->showMessage(
            tr("Settings saved. The listen address and database apply when Integrator next starts."), 10'000);
}

void MainWindow::about()
{
    QMessageBox::about(this, tr("About Integrator"),
                       tr("<h3>Integrator %1</h3>"
                          "<p>Connects a Spree store to the rest of a business: takes in its messages, hands a copy "
                          "to every endpoint that subscribed, and keeps trying until each one arrives.</p>"
                          "<p>Database: %2<br>Push API: %3</p>"
                          "<p>Built with Qt %4.</p>")
                           .arg(QApplication::applicationVersion(),
                                m_backend.engine().databaseDisplay().toHtmlEscaped(),
                                m_backend.pushBaseUrl().toHtmlEscaped(), QString::fromLatin1(qVersion())));
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    if (auto *split = findChild<QSplitter *>(QStringLiteral("mainSplit")))
        split->restoreState(settings.value(QStringLiteral("window/split")).toByteArray());
    m_messages->restoreLayout(settings.value(QStringLiteral("messages/layout")).toByteArray());
    const int view = settings.value(QStringLiteral("window/view"), int(Dashboard)).toInt();
    showView(view >= 0 && view < ViewCount ? View(view) : Dashboard);
}

void MainWindow::saveLayout() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    if (auto *split = findChild<QSplitter *>(QStringLiteral("mainSplit")))
        settings.setValue(QStringLiteral("window/split"), split->saveState());
    settings.setValue(QStringLiteral("messages/layout"), m_messages->saveLayout());
    if (currentView() != Welcome) // the welcome page is for a new hub, not a view to come back to
        settings.setValue(QStringLiteral("window/view"), int(currentView()));
}

bool MainWindow::closingKeepsRunning() const
{
    return !m_demo && m_tray && m_tray->isVisible() && AppSettings::load().keepRunningInTray;
}

QString MainWindow::quitQuestion() const
{
    if (m_demo)
        return QString(); // what the demo had waiting is thrown away with it
    const auto counts = m_backend.engine().counts().counts(QueueCounts::Queue::Accepted);
    qint64 waiting = 0;
    for (const QString &state : deliveryStateNames(waitsToBeSent)) {
        if (const auto it = counts.find(state); it != counts.end())
            waiting += it->second;
    }
    if (waiting == 0)
        return QString();
    return tr("%1 still waiting to be sent. Quit now, and they go when Integrator next runs; until then pushes to it "
              "fail too.")
        .arg(counted(waiting, tr("delivery is"), tr("deliveries are")));
}

void MainWindow::quit()
{
    if (const QString question = quitQuestion(); !question.isEmpty()) {
        if (QMessageBox::question(this, tr("Quit Integrator"), question) != QMessageBox::Yes)
            return;
    }
    saveLayout();
    m_quitting = true;
    QCoreApplication::quit();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    if (m_quitting || !closingKeepsRunning()) {
        event->accept();
        return;
    }
    // The hub goes on taking pushes and delivering while the window is away.
    hide();
    event->ignore();
    QSettings settings;
    if (!settings.value(QStringLiteral("window/trayNoticeShown")).toBool()) {
        settings.setValue(QStringLiteral("window/trayNoticeShown"), true);
        m_tray->showMessage(tr("Integrator keeps running"),
                            tr("It goes on taking pushes and delivering. Open it from here; Quit stops it (a setting "
                               "turns this off)."),
                            QSystemTrayIcon::Information, 10'000);
    }
}

} // namespace ui
