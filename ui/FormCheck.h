#pragma once
// What a form shows while the owner types: everything that is wrong, each said with the label of the field
// it is about (which is outlined), and whether the form may be saved. What a form finds while it is being
// built is not said (it would be "is required" of what nobody could fill in yet), only Save stays off: the
// owner hears of it with the first change they make.
// Shared by every form. GUI thread.

#include "core/Result.h"

#include <QLabel>
#include <QMap>
#include <QPointer>
#include <QWidget>

class QDialogButtonBox;

namespace ui {

class FormCheck : public QObject {
    Q_OBJECT
public:
    FormCheck(QLabel *message, QDialogButtonBox *buttons, QObject *parent);

    // The widget an error's field (or its first part: "url", "filters[2]") points at.
    void bind(const QString &field, QWidget *widget);
    // Shows `status`: clears everything when it is fine, else names the field and disables saving.
    void show(const engine::Status &status);
    void show(const engine::Problems &problems);
    // An error from saving (the database refused): shown the same way.
    void showSaveError(const engine::Error &error);

private:
    QWidget *widgetFor(const QString &field) const;
    // "Types", for the widget a form labels so ("&Types:").
    static QString labelOf(QWidget *widget);
    void enableSave(bool enable);

    QLabel *m_message = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QMap<QString, QPointer<QWidget>> m_widgets;
    QList<QPointer<QWidget>> m_marked;
    bool m_typed = false;
    engine::Problems m_shown;
};

} // namespace ui
