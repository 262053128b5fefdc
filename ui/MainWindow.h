#pragma once
// The application's main window: a list of views on the left (Dashboard, Messages, Endpoints,
// Objects, Subscriptions, Consumers, Stores, Alerts), the File/Edit/View/Help menus, a
// status line, and a tray notice when an alert is raised. A new hub opens on the welcome page instead
// (WelcomeView), until a view is chosen or the first message comes in; the demo shows a banner. Keeps its
// size, layout and current view with QSettings. GUI thread.

#include "storage/Browse.h"

#include <QMainWindow>

#include <functional>

class QLabel;
class QListWidget;
class QStackedWidget;
class QSystemTrayIcon;

namespace ui {

class AlertsView;
class Backend;
class DashboardView;
class EndpointsView;
class MessagesView;
class StoresView;
class SubscriptionsView;
class ConsumersView;
class ObjectsView;
class WelcomeView;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // Welcome is not in the list of views: a page of its own, shown while the hub is new.
    enum View {
        Dashboard,
        Messages,
        Objects,
        Endpoints,
        Subscriptions,
        Consumers,
        Stores,
        Alerts,
        ViewCount,
        Welcome = ViewCount
    };

    explicit MainWindow(Backend &backend, QWidget *parent = nullptr);

    void showView(View view);
    View currentView() const;
    DashboardView *dashboard() const { return m_dashboard; }
    MessagesView *messages() const { return m_messages; }
    EndpointsView *endpoints() const { return m_endpoints; }
    SubscriptionsView *subscriptions() const { return m_subscriptions; }
    ConsumersView *consumers() const { return m_consumers; }
    ObjectsView *objects() const { return m_objects; }
    StoresView *stores() const { return m_stores; }
    AlertsView *alerts() const { return m_alerts; }
    WelcomeView *welcome() const { return m_welcome; }

    // This window runs the demo (engine/demo/Demo.h) on the database at `databasePath`: a banner says so and
    // how to leave it, Quit asks nothing and closing the window ends it.
    void showDemoBanner(const QString &databasePath);
    bool isDemo() const { return m_demo; }
    // How the welcome page's "Try the demo" starts it: by default `integrator --demo`, a process of its own.
    // Returns false when it could not be started.
    void setDemoLauncher(std::function<bool()> launch) { m_launchDemo = std::move(launch); }
    void startDemo();

    void importConfiguration();
    void exportConfiguration();
    void openSettings();
    void about();
    // Stops the engine and leaves, once the owner agrees if deliveries are still waiting to be sent.
    void quit();
    // What Quit asks first, or nothing when nothing is waiting.
    QString quitQuestion() const;
    // Whether closing the window leaves the engine running (in the tray) rather than stopping it.
    bool closingKeepsRunning() const;

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildMenus();
    void addView(View view, const QString &name, const QString &icon, QWidget *widget);
    void updateAlertCount();
    void updateStatus();
    void notify(const QString &kind, const QString &subject, const QString &detail);
    // The demo's Objects view, until one is searched for: the history of the newest order.
    void showNewestOrder();
    void restoreLayout();
    void saveLayout() const;

    Backend &m_backend;
    QListWidget *m_nav = nullptr;
    QStackedWidget *m_stack = nullptr;
    DashboardView *m_dashboard = nullptr;
    MessagesView *m_messages = nullptr;
    EndpointsView *m_endpoints = nullptr;
    SubscriptionsView *m_subscriptions = nullptr;
    ConsumersView *m_consumers = nullptr;
    ObjectsView *m_objects = nullptr;
    StoresView *m_stores = nullptr;
    AlertsView *m_alerts = nullptr;
    WelcomeView *m_welcome = nullptr;
    QLabel *m_banner = nullptr;
    QLabel *m_pushWarning = nullptr;
    QLabel *m_spaceWarning = nullptr;
    QLabel *m_status = nullptr;
    QSystemTrayIcon *m_tray = nullptr;
    bool m_quitting = false;
    bool m_demo = false;
    std::function<bool()> m_launchDemo;
};

} // namespace ui
