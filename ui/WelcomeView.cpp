#include "WelcomeView.h"

#include "Backend.h"
#include "PushExample.h"
#include "SecretField.h"

#include <QFormLayout>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace ui {

using namespace engine;

namespace {

QLabel *paragraph(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    return label;
}

// A way in: a framed box with its heading, what it does, and (added by the caller) what starts it.
QFrame *way(const QString &heading, const QString &text, QWidget *parent)
{
    auto *box = new QFrame(parent);
    box->setFrameShape(QFrame::StyledPanel);
    auto *layout = new QVBoxLayout(box);
    QLabel *title = paragraph(heading, box);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    layout->addWidget(title);
    layout->addWidget(paragraph(text, box));
    return box;
}

} // namespace

WelcomeView::WelcomeView(Backend &backend, QWidget *parent) : QWidget(parent), m_backend(backend)
{
    auto *page = new QWidget(this);
    page->setMaximumWidth(860);
    auto *layout = new QVBoxLayout(page);
    auto *title = new QLabel(tr("Welcome to Integrator"), page);
    QFont big = title->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    title->setFont(big);
    layout->addWidget(title);
    layout->addWidget(paragraph(tr("It takes in your Spree store's messages (new orders, shipments, customers), hands "
                                   "a copy of each to every system that subscribed to it, and keeps trying until "
                                   "each one has it. Nothing has come in yet. Three ways to begin:"),
                                page));

    QFrame *connect = way(tr("1. Connect your Spree store"),
                          tr("Integrator polls the store's API for new and changed orders, customers and "
                             "products. Give the store's address and an API key (Spree 4: an admin's API token; "
                             "Spree 5.5 and later: a secret key sk_… with read scopes), then Test connection."),
                          page);
    m_connect = new QPushButton(QIcon(QStringLiteral(":/icons/stores.svg")), tr("Connect your store…"), connect);
    static_cast<QVBoxLayout *>(connect->layout())->addWidget(m_connect, 0, Qt::AlignLeft);
    QObject::connect(m_connect, &QPushButton::clicked, this, &WelcomeView::connectChosen);
    layout->addWidget(connect);

    QFrame *push = way(tr("2. Push from your store"),
                       tr("Your store, or any other system, POSTs its messages to this address with the token. "
                          "Paste the curl line into a terminal to push an example order: the dashboard opens "
                          "when it arrives."),
                       page);
    auto *pushForm = new QFormLayout;
    m_url = new QLineEdit(push);
    m_url->setReadOnly(true);
    m_token = new SecretField(QString(), push);
    m_token->lineEdit()->setReadOnly(true);
    QObject::connect(m_token, &SecretField::shownChanged, this, &WelcomeView::showCurl);
    m_curl = curlBox(push);
    auto *urlRow = new QHBoxLayout;
    urlRow->addWidget(m_url, 1);
    urlRow->addWidget(copyButton(this, [this] { return m_url->text(); }));
    auto *curlRow = new QHBoxLayout;
    curlRow->addWidget(m_curl, 1);
    curlRow->addWidget(copyButton(this, [this] { return curlLine(); }), 0, Qt::AlignTop);
    pushForm->addRow(tr("Push URL"), urlRow);
    pushForm->addRow(tr("Push token"), m_token);
    pushForm->addRow(tr("Try it"), curlRow);
    static_cast<QVBoxLayout *>(push->layout())->addLayout(pushForm);
    layout->addWidget(push);

    QFrame *demo = way(tr("3. Try the demo"),
                       tr("A simulated Spree store and three endpoints, in a window of their own on a throwaway "
                          "database: orders flow in, one endpoint fails now and then, one goes down for a minute "
                          "and comes back, and the store misses a heartbeat. This hub is not touched."),
                       page);
    m_demo = new QPushButton(tr("Start the demo"), demo);
    static_cast<QVBoxLayout *>(demo->layout())->addWidget(m_demo, 0, Qt::AlignLeft);
    QObject::connect(m_demo, &QPushButton::clicked, this, &WelcomeView::demoChosen);
    layout->addWidget(demo);

    m_dashboard = new QPushButton(tr("Go to the dashboard"), page);
    m_dashboard->setToolTip(tr("Set up endpoints and subscriptions first; this page goes once a message comes in"));
    QObject::connect(m_dashboard, &QPushButton::clicked, this, &WelcomeView::dashboardChosen);
    layout->addWidget(m_dashboard, 0, Qt::AlignLeft);
    layout->addStretch();

    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *centred = new QWidget(scroll);
    auto *centring = new QHBoxLayout(centred);
    centring->addStretch();
    centring->addWidget(page, 1);
    centring->addStretch();
    scroll->setWidget(centred);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);

    QObject::connect(&m_backend, &Backend::configurationChanged, this, &WelcomeView::showStore);
    showStore();
}

bool WelcomeView::isNew(Backend &backend)
{
    for (const Store &s : backend.configuration().stores) {
        if (!s.apiUrl.isEmpty())
            return false;
    }
    for (const auto &[state, count] : backend.engine().counts().counts(QueueCounts::Queue::Incoming)) {
        if (count > 0)
            return false;
    }
    return true;
}

void WelcomeView::showStore()
{
    // The store a new hub comes with; the first, if the owner has made others since.
    const auto &stores = m_backend.configuration().stores;
    if (stores.empty()) {
        m_url->clear();
        m_token->setText(QString());
    } else {
        m_url->setText(pushUrl(m_backend.pushBaseUrl(), stores.front().id));
        m_token->setText(stores.front().pushToken);
    }
    showCurl();
}

QString WelcomeView::curlLine() const
{
    return pushCurlLine(m_url->text(), m_token->text());
}

void WelcomeView::showCurl()
{
    m_curl->setPlainText(
        m_url->text().isEmpty()
            ? QString()
            : pushCurlLine(m_url->text(), m_token->isShown() ? m_token->text() : SecretField::masked(m_token->text())));
}

} // namespace ui
