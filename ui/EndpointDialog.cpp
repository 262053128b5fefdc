#include "EndpointDialog.h"

#include "SecretField.h"

#include "Backend.h"
#include "FormCheck.h"
#include "SaveForm.h"
#include "core/Secret.h"
#include "dispatch/ConnectionTest.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace ui {

using namespace engine;

EndpointDialog::EndpointDialog(Backend &backend, const Endpoint &endpoint, QWidget *parent)
    : QDialog(parent), m_backend(backend), m_id(endpoint.id)
{
    setWindowTitle(endpoint.id ? tr("Edit endpoint %1").arg(endpoint.name) : tr("Add an endpoint"));
    m_name = new QLineEdit(endpoint.name, this);
    m_name->setToolTip(tr("A short name used in lists, logs and the command line"));
    m_url = new QLineEdit(endpoint.url, this);
    m_url->setPlaceholderText(QStringLiteral("https://warehouse.example.com/hub"));
    m_url->setToolTip(tr("The base URL; each subscription's path is added to it"));
    auto *token = new SecretField(endpoint.token, this);
    m_token = token->lineEdit();
    m_token->setToolTip(tr("Sent as X-Hub-Token (and X-Augury-Token) so the endpoint knows the hub"));
    auto *secret = new SecretField(endpoint.signingSecret, this);
    m_secret = secret->lineEdit();
    m_secret->setPlaceholderText(tr("none"));
    m_secret->setToolTip(tr("With a secret, each delivery is signed the Standard Webhooks way (webhook-signature)"));
    auto *generate = new QPushButton(tr("Generate"), this);
    connect(generate, &QPushButton::clicked, this, [this] { m_secret->setText(Secret::newSigningSecret()); });
    auto *secretRow = new QHBoxLayout;
    secretRow->addWidget(secret, 1);
    secretRow->addWidget(generate);
    m_timeout = new QSpinBox(this);
    m_timeout->setRange(1, 600);
    m_timeout->setSuffix(tr(" s"));
    m_timeout->setValue(endpoint.timeoutS);
    m_timeout->setToolTip(tr("How long to wait for an answer before the attempt counts as failed"));
    m_concurrency = new QSpinBox(this);
    m_concurrency->setRange(1, 64);
    m_concurrency->setValue(endpoint.concurrency);
    m_concurrency->setToolTip(tr("How many deliveries may be on their way to it at once"));
    m_state = new QComboBox(this);
    m_state->addItem(tr("Active"), int(EndpointState::Active));
    m_state->addItem(tr("Paused (deliveries wait)"), int(EndpointState::Paused));
    m_state->addItem(tr("Disabled (its subscriptions are off)"), int(EndpointState::Disabled));
    m_state->setCurrentIndex(m_state->findData(int(endpoint.state)));

    auto *test = new QPushButton(tr("Test connection"), this);
    m_test = new QLabel(this);
    m_test->setWordWrap(true); // a long answer wraps rather than widen the form
    auto *testRow = new QHBoxLayout;
    testRow->addWidget(test);
    testRow->addWidget(m_test, 1);
    connect(test, &QPushButton::clicked, this, &EndpointDialog::testConnection);

    auto *form = new QFormLayout;
    form->addRow(tr("&Name"), m_name);
    form->addRow(tr("&URL"), m_url);
    form->addRow(tr("&Token"), token);
    // A row holding a layout gets no buddy by itself: without one the "&" would show as it is.
    auto *secretLabel = new QLabel(tr("&Signing secret"), this);
    secretLabel->setBuddy(m_secret);
    form->addRow(secretLabel, secretRow);
    form->addRow(tr("T&imeout"), m_timeout);
    form->addRow(tr("&Concurrency"), m_concurrency);
    form->addRow(tr("State"), m_state);
    form->addRow(QString(), testRow);

    m_message = new QLabel(this);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &EndpointDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &EndpointDialog::reject);
    m_check = new FormCheck(m_message, m_buttons, this);
    m_check->bind(QStringLiteral("name"), m_name);
    m_check->bind(QStringLiteral("url"), m_url);
    m_check->bind(QStringLiteral("signing_secret"), m_secret);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(m_buttons);

    for (QLineEdit *edit : {m_name, m_url, m_token, m_secret})
        connect(edit, &QLineEdit::textChanged, this, &EndpointDialog::check);
    check();
    resize(560, sizeHint().height());
}

Endpoint EndpointDialog::endpoint() const
{
    Endpoint e;
    e.id = m_id;
    e.name = m_name->text().trimmed();
    e.url = m_url->text().trimmed();
    e.token = m_token->text();
    e.signingSecret = m_secret->text().trimmed();
    e.timeoutS = m_timeout->value();
    e.concurrency = m_concurrency->value();
    e.state = EndpointState(m_state->currentData().toInt());
    return e;
}

void EndpointDialog::check()
{
    Endpoint e = endpoint();
    Problems problems = e.problems();
    for (const Endpoint &other : m_backend.configuration().endpoints) {
        if (other.name == e.name && other.id != e.id && !e.name.isEmpty())
            problems.insert(problems.begin(), fieldError(QStringLiteral("name"),
                                                         tr("another endpoint is already named '%1'").arg(e.name)));
    }
    m_check->show(problems);
}

QString EndpointDialog::reachedText(long status, qint64 ms)
{
    // What the answer to a GET of the base URL means for deliveries, which are POSTs to its paths.
    const QString took = tr("in %1 ms").arg(ms);
    if (status >= 200 && status < 400)
        return tr("Reached %1: it answered HTTP %2, so it is up.").arg(took).arg(status);
    if (status == 401 || status == 403)
        return tr("Reached %1, but it refused the hub (HTTP %2): check the token.").arg(took).arg(status);
    if (status == 404 || status == 405 || status == 501)
        return tr("Reached %1: it answered HTTP %2 to a plain GET of the base URL. That is usual for a server that "
                  "only takes POSTs at its paths; the first delivery tells whether those work.")
            .arg(took)
            .arg(status);
    if (status >= 500)
        return tr("Reached %1, but it is failing (HTTP %2): deliveries would be retried until it recovers.")
            .arg(took)
            .arg(status);
    return tr("Reached %1: it answered HTTP %2.").arg(took).arg(status);
}

void EndpointDialog::testConnection()
{
    const QString url = m_url->text().trimmed();
    m_test->setText(tr("Trying %1…").arg(url));
    m_backend.background<Result<ConnectionTest::Reached>>(
        this, [url] { return ConnectionTest::probe(url); },
        [this](Result<ConnectionTest::Reached> reached) {
            if (reached)
                m_test->setText(reachedText(reached->status, reached->milliseconds));
            else
                m_test->setText(tr("Not reached: %1").arg(reached.error().message));
        });
}

void EndpointDialog::accept()
{
    saveForm<Endpoint>(m_backend, *m_check, m_saving, endpoint(), &OwnerActions::saveEndpoint,
                       [this](const Endpoint &saved) {
                           m_id = saved.id;
                           QDialog::accept();
                       });
}

} // namespace ui
