#include "StoresView.h"

#include "SecretField.h"

#include "Backend.h"
#include "HeartbeatText.h"
#include "PushExample.h"
#include "core/Secret.h"
#include "poll/ApiCheck.h"

#include <QCheckBox>
#include <QComboBox>
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
    m_secretToken = new SecretField(QString(), this);
    m_token = m_secretToken->lineEdit();
    m_token->setReadOnly(true);
    m_token->setToolTip(tr("Sent by the store in X-Hub-Access-Token; anyone with it can push as this store"));
    // The example quotes the token as the field shows it; its Copy copies the line that works.
    connect(m_secretToken, &SecretField::shownChanged, this, &StoresView::showCurl);
    auto *regenerate = new QPushButton(tr("Regenerate…"), this);
    regenerate->setToolTip(tr("Make a new token; the old one stops working at once"));
    connect(regenerate, &QPushButton::clicked, this, &StoresView::regenerateToken);
    auto *tokenRow = new QHBoxLayout;
    tokenRow->addWidget(m_secretToken, 1);
    tokenRow->addWidget(regenerate);
    auto *urlRow = new QHBoxLayout;
    urlRow->addWidget(m_url, 1);
    urlRow->addWidget(copyButton(this, [this] { return m_url->text(); }));
    m_curl = curlBox(this);
    auto *curlRow = new QHBoxLayout;
    curlRow->addWidget(m_curl, 1);
    curlRow->addWidget(copyButton(this, [this] { return curlLine(m_token->text()); }), 0, Qt::AlignTop);

    auto *push = new QGroupBox(tr("Pushing"), this);
    auto *pushForm = new QFormLayout(push);
    pushForm->addRow(tr("Store id"), m_id);
    pushForm->addRow(tr("Push URL"), urlRow);
    pushForm->addRow(tr("Push token"), tokenRow);
    pushForm->addRow(tr("Try it"), curlRow);

    m_apiUrl = new QLineEdit(this);
    m_apiUrl->setPlaceholderText(QStringLiteral("https://shop.example.com"));
    m_apiUrl->setToolTip(tr("The store's address, for polling its Spree API; empty when it is not polled"));
    auto *apiKey = new SecretField(QString(), this);
    m_apiKey = apiKey->lineEdit();
    m_apiKey->setToolTip(tr("API v1's token (sent as X-Spree-Token), or the Admin API's secret key sk_... (sent as "
                            "X-Spree-Api-Key)"));
    m_apiVersion = new QComboBox(this);
    m_apiVersion->addItem(tr("Find out"), QStringLiteral("auto"));
    m_apiVersion->addItem(tr("API v1 (Spree 3.1 to 4.x)"), QStringLiteral("v1"));
    m_apiVersion->addItem(tr("Admin API v3 (Spree 5.5 and later)"), QStringLiteral("v3"));
    m_pollEnabled = new QCheckBox(tr("Poll the store"), this);
    m_since = new QLineEdit(this);
    m_since->setPlaceholderText(QStringLiteral("now"));
    m_since->setToolTip(tr("\"now\": only what changes from now on becomes a message; or an ISO 8601 time such as "
                           "2026-01-31T00:00:00Z to take the store's history from then"));
    auto interval = [this](int max) {
        auto *box = new QSpinBox(this);
        box->setRange(5, max);
        box->setSuffix(tr(" s"));
        return box;
    };
    m_orders = interval(7 * 24 * 3600);
    m_customers = interval(7 * 24 * 3600);
    m_products = interval(7 * 24 * 3600);
    auto *api = new QGroupBox(tr("The store's API"), this);
    auto *apiForm = new QFormLayout(api);
    apiForm->addRow(tr("Name"), m_name);
    apiForm->addRow(tr("API URL"), m_apiUrl);
    apiForm->addRow(tr("API key"), apiKey);
    apiForm->addRow(tr("API"), m_apiVersion);
    apiForm->addRow(QString(), m_pollEnabled);
    apiForm->addRow(tr("Poll orders every"), m_orders);
    apiForm->addRow(tr("Poll customers every"), m_customers);
    apiForm->addRow(tr("Poll products every"), m_products);
    apiForm->addRow(tr("Take changes since"), m_since);
    for (QLineEdit *edit : {m_name, m_apiUrl, m_apiKey, m_since})
        connect(edit, &QLineEdit::textEdited, this, &StoresView::check);
    connect(m_apiVersion, &QComboBox::activated, this, &StoresView::check);
    auto *saveButton = new QPushButton(tr("Save"), this);
    connect(saveButton, &QPushButton::clicked, this, &StoresView::save);
    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    apiForm->addRow(m_message, saveButton);
    auto *testButton = new QPushButton(tr("Test connection"), this);
    testButton->setToolTip(
        tr("Asks the store's API, with the key as typed, which API it is and what the key may read"));
    connect(testButton, &QPushButton::clicked, this, &StoresView::testConnection);
    auto *pollButton = new QPushButton(tr("Poll now"), this);
    pollButton->setToolTip(tr("Polls the store's orders at once, without waiting for the next poll"));
    connect(pollButton, &QPushButton::clicked, this, [this] {
        if (const Store *s = current())
            m_backend.pollNow(s->id);
    });
    auto *apiButtons = new QHBoxLayout;
    apiButtons->addWidget(testButton);
    apiButtons->addWidget(pollButton);
    apiButtons->addStretch();
    m_test = new QLabel(this);
    m_test->setWordWrap(true);
    m_heartbeat = new QLabel(this);
    m_heartbeat->setWordWrap(true);
    apiForm->addRow(apiButtons);
    apiForm->addRow(tr("Connection"), m_test);
    apiForm->addRow(tr("Heartbeat"), m_heartbeat);

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
    connect(&m_backend, &Backend::heartbeatsChanged, this, &StoresView::showHeartbeat);
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
    const QString url = pushUrl(m_backend.pushBaseUrl(), s->id);
    m_url->setText(url);
    m_token->setText(s->pushToken);
    showCurl();
    m_apiUrl->setText(s->apiUrl);
    m_apiKey->setText(s->apiKey);
    m_apiVersion->setCurrentIndex(m_apiVersion->findData(QString::fromLatin1(apiVersionName(s->apiVersion))));
    m_pollEnabled->setChecked(s->poll.enabled);
    m_orders->setValue(s->poll.ordersS);
    m_customers->setValue(s->poll.customersS);
    m_products->setValue(s->poll.productsS);
    m_since->setText(s->poll.since);
    m_message->clear();
    m_test->clear();
    showHeartbeat();
}

QString StoresView::curlLine(const QString &token) const
{
    return pushCurlLine(m_url->text(), token);
}

void StoresView::showCurl()
{
    if (m_url->text().isEmpty())
        return m_curl->clear();
    m_curl->setPlainText(curlLine(m_secretToken->isShown() ? m_token->text() : SecretField::masked(m_token->text())));
}

void StoresView::startConnecting()
{
    if (!current() && m_list->count() > 0)
        m_list->setCurrentRow(0);
    m_apiUrl->setFocus();
    m_apiUrl->selectAll();
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

void StoresView::showHeartbeat()
{
    const Store *s = current();
    if (!s) {
        m_heartbeat->clear();
        return;
    }
    const auto beat = m_backend.heartbeats().find(s->id);
    m_heartbeat->setText(heartbeatText(*s, beat == m_backend.heartbeats().end() ? nullptr : &beat->second));
}

void StoresView::testConnection()
{
    if (!current())
        return;
    const Store store = edited();
    m_test->setText(tr("Asking %1…").arg(store.apiUrl.toHtmlEscaped()));
    m_backend.background<Result<ApiCheck::Found>>(
        this, [store] { return ApiCheck::run(store); },
        [this](Result<ApiCheck::Found> found) {
            if (!found) {
                m_test->setText(
                    QStringLiteral("<span style='color:#c0392b'>%1</span>").arg(found.error().message.toHtmlEscaped()));
                return;
            }
            if (found->version == ApiVersion::V1) {
                m_test->setText(tr("API v1 answers with this key."));
                return;
            }
            m_test->setText(found->missing.isEmpty()
                                ? tr("The Admin API v3 answers; the key may read orders, customers and products.")
                                : tr("The Admin API v3 answers, but the key lacks %1: add the scope in Spree, or that "
                                     "part is not polled.")
                                      .arg(found->missing.join(QStringLiteral(", "))));
        });
}

Store StoresView::edited() const
{
    Store changed = *current();
    changed.name = m_name->text().trimmed();
    changed.apiUrl = m_apiUrl->text().trimmed();
    changed.apiKey = m_apiKey->text().trimmed();
    changed.apiVersion =
        apiVersionFromName(m_apiVersion->currentData().toString().toStdString()).value_or(ApiVersion::Auto);
    changed.poll.enabled = m_pollEnabled->isChecked();
    changed.poll.ordersS = m_orders->value();
    changed.poll.customersS = m_customers->value();
    changed.poll.productsS = m_products->value();
    changed.poll.since = m_since->text().trimmed().isEmpty() ? QStringLiteral("now") : m_since->text().trimmed();
    return changed;
}

void StoresView::check()
{
    if (!current())
        return;
    const Status ok = edited().validate();
    m_message->setText(
        ok ? QString()
           : QStringLiteral("<span style='color:#c0392b'>%1</span>").arg(ok.error().text().toHtmlEscaped()));
}

void StoresView::save()
{
    const Store *s = current();
    if (!s)
        return;
    const Store changed = edited();
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
