#pragma once
// What a form shows while the owner types: the first thing that is wrong, next to the field it is about
// (which is outlined), and whether the form may be saved. Shared by every form. GUI thread.

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
    // An error from saving (the database refused): shown the same way.
    void showSaveError(const engine::Error &error);

private:
    QWidget *widgetFor(const QString &field) const;

    QLabel *m_message = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QMap<QString, QPointer<QWidget>> m_widgets;
    QPointer<QWidget> m_marked;
};

} // namespace ui
