#include "StoresView.h"

#include "Backend.h"
#include "core/Secret.h"

#include <QApplication>
#include <QClipboard>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

namespace ui {

using namespace engine;

namespace {
QPushButton *copyButton(QWidget *parent, const std::function<QString()> &text)
{
    auto *b = new QPushButton(QIcon(QStringLiteral(":/icons/copy.svg")), QObject::tr("Copy"), parent);
    QObject::connect(b, &QPushButton::clicked, parent, [text] { QApplication::clipboard()->setText(text()); });
    return b;
}
} // namespace

StoresView::StoresView(Backend &backend, QWidget *parent) : QWidget(parent), m_backend(backend)
{
    m_list = new QListWidget(this);
    auto *add = new QPushButton(QIcon(QStringLiteral(":/icons/add.svg")), tr("Add a store…"), this);
    connect(add, &QPushButton::clicked, this, &StoresView::addStore);
    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_list, 1);
    leftLayout->addWidget(add);

    m_name = new QLineEdit(this);
    m_id = new QLabel(this);
    m_id->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_url = new QLineEdit(this);
    m_url->setReadOnly(true);
    m_url->setToolTip(tr("Where this store pushes messages"));
    m_token = new QLineEdit(this);
    m_token->setReadOnly(true);
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setToolTip(tr("Sent by the store in X-Hub-Access-Token; anyone with it can push as this store"));
    m_show = new QPushButton(tr("Show"), this);
    m_show->setCheckable(true);
    connect(m_show, &QPushButton::toggled, this, [this](bool on) {
        m_token->setEchoMode(on ? QLineEdit::Normal : QLineEdit::Password);
        m_show->setText(on ? tr("Hide") : tr("Show"));
    });
    auto *regenerate = new QPushButton(tr("Regenerate…"), this);
    regenerate->setToolTip(tr("Make a new token; the old one stops working at once"));
    connect(regenerate, &QPushButton::clicked, this, &StoresView::regenerateToken);
    auto *tokenRow = new QHBoxLayout;
    tokenRow->addWidget(m_token, 1);
    tokenRow->addWidget(m_show);
    tokenRow->addWidget(copyButton(this, [this] { return m_token->text(); }));
    tokenRow->addWidget(regenerate);
    auto *urlRow = new QHBoxLayout;
    urlRow->addWidget(m_url, 1);
    urlRow->addWidget(copyButton(this, [this] { return m_url->text(); }));
    m_curl = new QPlainTextEdit(this);
    m_curl->setReadOnly(true);
    m_curl->setMaximumHeight(110);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    m_curl->setFont(mono);
    auto *curlRow = new QHBoxLayout;
    curlRow->addWidget(m_curl, 1);
    curlRow->addWidget(copyButton(this, [this] { return m_curl->toPlainText(); }), 0, Qt::AlignTop);

    auto *push = new QGroupBox(tr("Pushing"), this);
    auto *pushForm = new QFormLayout(push);
    pushForm->addRow(tr("Store id"), m_id);
    pushForm->addRow(tr("Push URL"), urlRow);
    pushForm->addRow(tr("Push token"), tokenRow);
    pushForm->addRow(tr("Try it"), curlRow);

    m_apiUrl = new QLineEdit(this);
    m_apiUrl->setPlaceholderText(QStringLiteral("https://shop.example.com"));
    m_apiUrl->setToolTip(tr("The store's address, for polling its Spree API; empty when it is not polled"));
    m_apiToken = new QLineEdit(this);
    m_apiToken->setEchoMode(QLineEdit::PasswordEchoOnEdit);
    m_apiToken->setToolTip(tr("Sent as X-Spree-Token"));
    auto interval = [this](int max) {
        auto *box = new QSpinBox(this);
        box->setRange(5, max);
        box->setSuffix(tr(" s"));
        return box;
    };
    m_orders = interval(7 * 24 * 3600);
    m_users = interval(7 * 24 * 3600);
    m_products = interval(7 * 24 * 3600);
    auto *api = new QGroupBox(tr("The store's API"), this);
    auto *apiForm = new QFormLayout(api);
    apiForm->addRow(tr("Name"), m_name);
    apiForm->addRow(tr("API URL"), m_apiUrl);
    apiForm->addRow(tr("API token"), m_apiToken);
    apiForm->addRow(tr("Poll orders every"), m_orders);
    apiForm->addRow(tr("Poll users every"), m_users);
    apiForm->addRow(tr("Poll products every"), m_products);
    auto *saveButton = new QPushButton(tr("Save"), this);
    connect(saveButton, &QPushButton::clicked, this, &StoresView::save);
    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    apiForm->addRow(m_message, saveButton);

    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->addWidget(push);
    rightLayout->addWidget(api);
    rightLayout->addStretch();
    auto *split = new QSplitter(this);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split);

    connect(m_list, &QListWidget::currentRowChanged, this, &StoresView::showStore);
    connect(&m_backend, &Backend::configurationChanged, this, &StoresView::reload);
    reload();
}

const Store *StoresView::current() const
{
    if (!m_list->currentItem())
        return nullptr;
    return m_backend.configuration().store(m_list->currentItem()->data(Qt::UserRole).toString());
}

void StoresView::reload()
{
    const QString selected = m_list->currentItem() ? m_list->currentItem()->data(Qt::UserRole).toString() : QString();
    m_list->blockSignals(true);
    m_list->clear();
    for (const Store &s : m_backend.configuration().stores) {
        auto *item = new QListWidgetItem(QIcon(QStringLiteral(":/icons/stores.svg")), s.name, m_list);
        item->setData(Qt::UserRole, s.id);
        if (s.id == selected || (selected.isEmpty() && m_list->count() == 1))
            m_list->setCurrentItem(item);
    }
    m_list->blockSignals(false);
    showStore();
}

void StoresView::showStore()
{
    const Store *s = current();
    setEnabled(true);
    if (!s) {
        m_id->clear();
        m_url->clear();
        m_token->clear();
        m_curl->clear();
        return;
    }
    m_name->setText(s->name);
    m_id->setText(s->id);
    const QString url = QStringLiteral("%1/api/stores/%2/messages").arg(m_backend.pushBaseUrl(), s->id);
    m_url->setText(url);
    m_token->setText(s->pushToken);
    m_curl->setPlainText(
        QStringLiteral("curl -X POST %1 \\\n  -H 'Content-Type: application/json' \\\n"
                       "  -H 'X-Hub-Access-Token: %2' \\\n"
                       "  -d '{\"message\": \"order:new\", \"payload\": {\"order\": {\"number\": \"R123456789\"}}}'")
            .arg(url, s->pushToken));
    m_apiUrl->setText(s->apiUrl);
    m_apiToken->setText(s->apiToken);
    m_orders->setValue(s->poll.ordersS);
    m_users->setValue(s->poll.usersS);
    m_products->setValue(s->poll.productsS);
    m_message->clear();
}

void StoresView::regenerateToken()
{
    const Store *s = current();
    if (!s)
        return;
    if (QMessageBox::question(this, tr("Regenerate the push token"),
                              tr("Make a new push token for %1? The store must then push with the new one; the old one "
                                 "stops working at once.")
                                  .arg(s->name)) != QMessageBox::Yes)
        return;
    Store changed = *s;
    changed.pushToken = Secret::newToken();
    m_backend.owner().saveStore(changed, m_backend.answer<Store>(this, [this](const Result<Store> &saved) {
        if (!saved)
            m_message->setText(saved.error().text());
    }));
}

void StoresView::save()
{
    const Store *s = current();
    if (!s)
        return;
    Store changed = *s;
    changed.name = m_name->text().trimmed();
    changed.apiUrl = m_apiUrl->text().trimmed();
    changed.apiToken = m_apiToken->text();
    changed.poll = {m_orders->value(), m_users->value(), m_products->value()};
    if (Status ok = changed.validate(); !ok) {
        m_message->setText(
            QStringLiteral("<span style='color:#c0392b'>%1</span>").arg(ok.error().text().toHtmlEscaped()));
        return;
    }
    m_backend.owner().saveStore(changed, m_backend.answer<Store>(this, [this](const Result<Store> &saved) {
        m_message->setText(
            saved ? tr("Saved.")
                  : QStringLiteral("<span style='color:#c0392b'>%1</span>").arg(saved.error().text().toHtmlEscaped()));
    }));
}

void StoresView::addStore()
{
    bool ok = false;
    const QString id = QInputDialog::getText(this, tr("Add a store"),
                                             tr("Its id, used in the push URL (lower-case letters, digits, _ and -):"),
                                             QLineEdit::Normal, QString(), &ok)
                           .trimmed();
    if (!ok || id.isEmpty())
        return;
    Store s;
    s.id = id;
    s.name = id;
    s.pushToken = Secret::newToken();
    if (Status valid = s.validate(); !valid) {
        QMessageBox::warning(this, tr("Add a store"), valid.error().text());
        return;
    }
    if (m_backend.configuration().store(id)) {
        QMessageBox::warning(this, tr("Add a store"), tr("There is a store '%1' already.").arg(id));
        return;
    }
    m_backend.owner().saveStore(s, m_backend.answer<Store>(this, [this](const Result<Store> &saved) {
        if (!saved)
            QMessageBox::warning(this, tr("Add a store"), saved.error().text());
    }));
}

} // namespace ui
