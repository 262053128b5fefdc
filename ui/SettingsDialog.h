#pragma once
// Settings: where the push API listens and where the database is (kept with QSettings, applied at the next
// start), and how long the archive is kept, the retry schedule new subscriptions start with and when an
// endpoint counts as degraded (kept in the database, applied at once). Checked as the owner types. GUI thread.

#include "config/HubSettings.h"

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace ui {

class Backend;
class FormCheck;

class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    explicit SettingsDialog(Backend &backend, QWidget *parent = nullptr);

    QLineEdit *listenField() const { return m_listen; }
    QLineEdit *databaseField() const { return m_database; }
    QSpinBox *retentionField() const { return m_retention; }
    QLineEdit *scheduleField() const { return m_schedule; }
    QSpinBox *degradedField() const { return m_degraded; }
    QLabel *messageLabel() const { return m_message; }
    QDialogButtonBox *buttons() const { return m_buttons; }

    void accept() override;

private:
    void check();
    // The hub's settings as the form has them.
    engine::HubSettings hubSettings() const;

    Backend &m_backend;
    QLineEdit *m_listen = nullptr;
    QLineEdit *m_database = nullptr;
    QSpinBox *m_retention = nullptr;
    QLineEdit *m_schedule = nullptr;
    QSpinBox *m_degraded = nullptr;
    QCheckBox *m_keepRunning = nullptr;
    QLabel *m_message = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    FormCheck *m_check = nullptr;
    bool m_saving = false;
};

} // namespace ui
