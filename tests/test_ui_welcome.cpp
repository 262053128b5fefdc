// The welcome page a new hub opens on (ui/WelcomeView): its three ways in, and when it goes.

#include "support/WindowTest.h"

#include "PushExample.h"
#include "SecretField.h"
#include "WelcomeView.h"

#include <QStatusBar>

using namespace ui_test;

TEST_F(Window, ANewHubOpensOnTheWelcomePageAndItsPushWayTakesTheFirstMessage)
{
    start(false, true);
    ui::MainWindow window(*backend);
    window.show();
    ASSERT_EQ(window.currentView(), ui::MainWindow::Welcome);
    ui::WelcomeView *welcome = window.welcome();
    ASSERT_TRUE(welcome->isVisible());

    // The push URL and the token of the store a hub comes with; the curl line hides the token until shown.
    const Store *main = backend->configuration().store(QStringLiteral("main"));
    ASSERT_NE(main, nullptr);
    EXPECT_EQ(welcome->pushUrlField()->text(), ui::pushUrl(backend->pushBaseUrl(), QStringLiteral("main")));
    EXPECT_EQ(welcome->tokenField()->text(), main->pushToken);
    EXPECT_FALSE(welcome->curlExample()->toPlainText().contains(main->pushToken));
    welcome->tokenField()->setShown(true);
    EXPECT_TRUE(welcome->curlExample()->toPlainText().contains(main->pushToken));
    EXPECT_TRUE(welcome->curlLine().contains(main->pushToken));

    // Pushing as the page says: the first message taken in opens the dashboard.
    const QUrl url(welcome->pushUrlField()->text());
    test::HttpClient client(engine->pushPort());
    const auto answer = client.post(
        url.path().toUtf8(), R"({"message":"order:new","payload":{"order":{"number":"R77"}}})",
        {"Content-Type: application/json", "X-Hub-Access-Token: " + welcome->tokenField()->text().toUtf8()});
    EXPECT_EQ(answer.status, 202) << answer.body.toStdString();
    EXPECT_TRUE(waitUntil([&] { return window.currentView() == ui::MainWindow::Dashboard; }));
    EXPECT_FALSE(ui::WelcomeView::isNew(*backend));
}

TEST_F(Window, TheWelcomePagesConnectWayOpensTheStoresApiFormAndAConnectedStoreEndsTheWelcome)
{
    start(false);
    {
        ui::MainWindow window(*backend);
        window.show();
        window.activateWindow();
        ASSERT_EQ(window.currentView(), ui::MainWindow::Welcome);
        window.welcome()->connectButton()->click();
        EXPECT_EQ(window.currentView(), ui::MainWindow::Stores);
        EXPECT_TRUE(window.stores()->apiUrlField()->isVisible());
        EXPECT_TRUE(waitUntil([&] { return window.stores()->apiUrlField()->hasFocus(); }));

        window.stores()->apiUrlField()->setText(QStringLiteral("https://shop.example.com"));
        window.stores()->apiKeyField()->setText(QStringLiteral("0123456789abcdef"));
        window.stores()->save();
        ASSERT_TRUE(waitUntil([&] {
            const Store *s = backend->configuration().store(QStringLiteral("main"));
            return s && s->apiUrl == QLatin1String("https://shop.example.com");
        }));
        window.close();
    }
    // A store with an API is a hub that is set up: it opens on its views.
    EXPECT_FALSE(ui::WelcomeView::isNew(*backend));
    ui::MainWindow again(*backend);
    EXPECT_NE(again.currentView(), ui::MainWindow::Welcome);
}

TEST_F(Window, TheWelcomePagesDemoWayStartsTheDemoApartAndSaysWhenItCannot)
{
    start(false);
    ui::MainWindow window(*backend);
    window.show();
    int started = 0;
    window.setDemoLauncher([&] { return ++started, true; });
    window.welcome()->demoButton()->click();
    EXPECT_EQ(started, 1);
    EXPECT_TRUE(window.statusBar()->currentMessage().contains(QStringLiteral("window of its own")));
    // This hub stays as it was, on its welcome page.
    EXPECT_EQ(window.currentView(), ui::MainWindow::Welcome);

    window.setDemoLauncher([] { return false; });
    MessageBoxCloser boxes;
    window.welcome()->demoButton()->click();
    ASSERT_FALSE(boxes.said.isEmpty());
    EXPECT_TRUE(boxes.said.first().contains(QStringLiteral("could not be started")));

    // Or straight to the views, to set up endpoints first.
    window.welcome()->dashboardButton()->click();
    EXPECT_EQ(window.currentView(), ui::MainWindow::Dashboard);
}
