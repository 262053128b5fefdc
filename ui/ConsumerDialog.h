#pragma once
// Adding or editing a consumer (DESIGN §7): its types (known types offered), each-path, the filter builder
// shared with subscriptions, the type it emits, what the emitted message carries (same payload or a path,
// under a key, with fields added), identifiers and whether it is on; checked as the owner types. Beside the
// form, "Try it" runs the rule as it stands on a recent message or on pasted JSON and shows exactly what it
// would emit, before anything is saved. GUI thread; the rule runs here (it is pure and small), the database
// is read on the backend's reader.

#include "config/Consumer.h"

#include "TypePatternsEdit.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace ui {

class Backend;
class FilterEditor;
class FormCheck;
class PairsTable;

class ConsumerDialog : public QDialog {
    Q_OBJECT
public:
    ConsumerDialog(Backend &backend, const engine::Consumer &consumer, QWidget *parent = nullptr);

    engine::Consumer consumer() const;
    // Parts, for tests that drive the form.
    QLineEdit *nameField() const { return m_name; }
    QLineEdit *typesField() const { return m_types; }
    QLineEdit *emitsField() const { return m_emits; }
    QLineEdit *eachField() const { return m_each; }
    FilterEditor *filters() const { return m_filters; }
    QComboBox *recentMessages() const { return m_recent; }
    QPlainTextEdit *sampleField() const { return m_sample; }
    QPlainTextEdit *trialOutput() const { return m_output; }
    QLabel *messageLabel() const { return m_message; }
    QDialogButtonBox *buttons() const { return m_buttons; }

    void accept() override;

private:
    void check();
    void tryIt();
    QWidget *trialPanel();

    Backend &m_backend;
    qint64 m_id;
    QLineEdit *m_name = nullptr;
    TypePatternsEdit *m_types = nullptr;
    QLineEdit *m_each = nullptr;
    FilterEditor *m_filters = nullptr;
    QLineEdit *m_emits = nullptr;
    QLineEdit *m_payload = nullptr;
    QLineEdit *m_as = nullptr;
    PairsTable *m_add = nullptr;
    PairsTable *m_identifiers = nullptr;
    QCheckBox *m_enabled = nullptr;
    QComboBox *m_recent = nullptr;
    QPlainTextEdit *m_sample = nullptr;
    QPlainTextEdit *m_output = nullptr;
    QLabel *m_message = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    FormCheck *m_check = nullptr;
    bool m_saving = false;
};

} // namespace ui
