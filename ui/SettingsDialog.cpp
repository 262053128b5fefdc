#include "SettingsDialog.h"

#include "AppSettings.h"
#include "Backend.h"
#include "DurationText.h"
#include "FormCheck.h"
#include "config/HubSettings.h"
#include "push/ListenAddress.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace ui {

using namespace engine;

SettingsDialog::SettingsDialog(Backend &backend, QWidget *parent) : QDialog(parent), m_backend(backend)
{
    setWindowTitle(tr("Settings"));
    const AppSettings app = AppSettings::load();
    const HubSettings &hub = m_backend.hubSettings();

    m_listen = new QLineEdit(app.listen, this);
    m_listen->setPlaceholderText(ListenAddress::Default);
    m_listen->setToolTip(
        tr("Where stores push messages: 127.0.0.1:PORT for this machine only, 0.0.0.0:PORT for every network"));
    m_database = new QLineEdit(app.databasePath, this);
    m_database->setPlaceholderText(Engine::defaultDatabasePath()); // what an empty field means
    m_database->setToolTip(
        tr("The SQLite file that holds the configuration, the messages and the archive, or a PostgreSQL "
           "database shared with other engines: postgresql://user:password@host/dbname"));
    auto *browse = new QPushButton(tr("Choose…"), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString chosen = QFileDialog::getSaveFileName(this, tr("Database file"), m_database->text(),
                                                            tr("SQLite databases (*.db *.sqlite);;All files (*)"),
                                                            nullptr, QFileDialog::DontConfirmOverwrite);
        if (!chosen.isEmpty())
            m_database->setText(chosen);
    });
    auto *databaseRow = new QHBoxLayout;
    databaseRow->addWidget(m_database, 1);
    databaseRow->addWidget(browse);
    auto *startGroup = new QGroupBox(tr("Applied when Integrator next starts"), this);
    auto *startForm = new QFormLayout(startGroup);
    startForm->addRow(tr("&Listen on"), m_listen);
    auto *databaseLabel = new QLabel(tr("&Database"), this); // a layout row gets no buddy by itself
    databaseLabel->setBuddy(m_database);
    startForm->addRow(databaseLabel, databaseRow);
    auto *now = new QLabel(
        tr("Now: push API at %1, database %2").arg(m_backend.pushBaseUrl(), m_backend.engine().databaseDisplay()),
        this);
    now->setWordWrap(true);
    now->setTextInteractionFlags(Qt::TextSelectableByMouse);
    startForm->addRow(QString(), now);

    m_retention = new QSpinBox(this);
    m_retention->setRange(0, 36500);
    m_retention->setSuffix(tr(" days"));
    m_retention->setSpecialValueText(tr("keep everything"));
    m_retention->setValue(hub.retentionDays);
    m_retention->setToolTip(tr("Finished messages and deliveries older than this are deleted, with their attempts"));
    m_schedule = new QLineEdit(scheduleText(hub.defaultRetryScheduleS), this);
    m_schedule->setToolTip(tr("How long to wait before each retry (5 s, 5 min, 30 min, 2 h), for new subscriptions; "
                              "when they run out a delivery is parked"));
    m_degraded = new QSpinBox(this);
    m_degraded->setRange(0, 100);
    m_degraded->setSuffix(tr(" % of deliveries fail"));
    m_degraded->setSpecialValueText(tr("never"));
    m_degraded->setValue(hub.degradedFailurePercent);
    m_degraded->setToolTip(tr("An endpoint is shown as degraded, and an alert raised, when this share of its last "
                              "200 deliveries (at least 20) failed; it recovers at half of it"));
    m_keepRunning = new QCheckBox(tr("Closing the window keeps Integrator running in the system tray"), this);
    m_keepRunning->setChecked(app.keepRunningInTray);
    m_keepRunning->setToolTip(tr("Then pushes and deliveries go on while the window is closed; Quit stops them"));
    auto *hubGroup = new QGroupBox(tr("Applied at once"), this);
    auto *hubForm = new QFormLayout(hubGroup);
    hubForm->addRow(QString(), m_keepRunning);
    hubForm->addRow(tr("Keep the &archive"), m_retention);
    hubForm->addRow(tr("Default &retry schedule"), m_schedule);
    hubForm->addRow(tr("Endpoint &degraded when"), m_degraded);

    m_message = new QLabel(this);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    m_check = new FormCheck(m_message, m_buttons, this);
    m_check->bind(QStringLiteral("listen"), m_listen);
    m_check->bind(QStringLiteral("database"), m_database);
    m_check->bind(QStringLiteral("retention_days"), m_retention);
    m_check->bind(QStringLiteral("default_retry_schedule"), m_schedule);
    m_check->bind(QStringLiteral("degraded_failure_percent"), m_degraded);
    for (QLineEdit *edit : {m_listen, m_database, m_schedule})
        connect(edit, &QLineEdit::textChanged, this, &SettingsDialog::check);
    for (QSpinBox *box : {m_retention, m_degraded})
        connect(box, &QSpinBox::valueChanged, this, &SettingsDialog::check);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(startGroup);
    layout->addWidget(hubGroup);
    layout->addWidget(m_message);
    layout->addStretch();
    layout->addWidget(m_buttons);
    resize(560, sizeHint().height());
    check();
}

void SettingsDialog::check()
{
    const AppSettings app{m_database->text().trimmed(), m_listen->text().trimmed()};
    Status status = app.validate();
    if (status)
        status = hubSettings().validate();
    m_check->show(status);
}

HubSettings SettingsDialog::hubSettings() const
{
    HubSettings hub;
    hub.retentionDays = m_retention->value();
    hub.defaultRetryScheduleS = parseSchedule(m_schedule->text());
    hub.degradedFailurePercent = m_degraded->value();
    return hub;
}

void SettingsDialog::accept()
{
    if (m_saving)
        return;
    const AppSettings app{m_database->text().trimmed(), m_listen->text().trimmed(), m_keepRunning->isChecked()};
    const HubSettings hub = hubSettings();
    if (Status ok = hub.validate(); !ok)
        return m_check->show(ok);
    if (Status ok = app.save(); !ok)
        return m_check->showSaveError(ok.error());
    m_saving = true;
    m_buttons->setEnabled(false);
    m_backend.owner().saveSettings(hub, m_backend.answer<void>(this, [this](const Status &status) {
        m_saving = false;
        m_buttons->setEnabled(true);
        if (!status)
            return m_check->showSaveError(status.error());
        QDialog::accept();
    }));
}

} // namespace ui
