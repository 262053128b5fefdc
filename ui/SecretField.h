#pragma once
// A secret as every form shows it: masked, with Show (which turns into Hide) and Copy beside it, so that a
// glance over the owner's shoulder, or a screenshot, gives nothing away. Push tokens, endpoint tokens,
// signing secrets and API keys all use it. GUI thread.

#include <QWidget>

class QLineEdit;
class QPushButton;

namespace ui {

class SecretField : public QWidget {
    Q_OBJECT
public:
    explicit SecretField(const QString &text = QString(), QWidget *parent = nullptr);

    QLineEdit *lineEdit() const { return m_edit; }
    QString text() const;
    void setText(const QString &text);
    bool isShown() const { return m_shown; }
    void setShown(bool shown);
    // How a secret reads while it is not shown, wherever it is quoted (a curl line).
    static QString masked(const QString &secret);

Q_SIGNALS:
    void textChanged(const QString &text);
    void shownChanged(bool shown);

private:
    QLineEdit *m_edit = nullptr;
    QPushButton *m_show = nullptr;
    bool m_shown = false;
};

} // namespace ui
