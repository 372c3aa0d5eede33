#include "WordListDialog.h"

#include "ProjectSession.h"
#include "WordListCommand.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QUndoStack>
#include <QVBoxLayout>

WordListDialog::WordListDialog(ProjectSession *session, QUndoStack *undo, QWidget *parent)
    : QDialog(parent)
    , m_session(session)
    , m_undo(undo)
    , m_lists(new QComboBox(this))
    , m_items(new QPlainTextEdit(this))
    , m_info(new QLabel(this))
{
    setWindowTitle(tr("Word Lists"));
    m_items->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_info->setWordWrap(true);
    m_info->setStyleSheet("color: gray;");
    for (const QString &name : m_session->wordLists().keys())
        m_lists->addItem(name);

    auto *add = new QPushButton(tr("New List…"), this);
    auto *fromFile = new QPushButton(tr("Load File…"), this);
    auto *reset = new QPushButton(tr("Reset"), this);
    reset->setToolTip(
        tr("Drop the project's copy and use the built-in list or wildcards/NAME.txt"));
    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("List:"), this));
    top->addWidget(m_lists, 1);
    top->addWidget(add);
    top->addWidget(fromFile);
    top->addWidget(reset);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Close, this);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_items, 1);
    layout->addWidget(m_info);
    layout->addWidget(buttons);

    connect(m_lists, &QComboBox::currentTextChanged, this, &WordListDialog::load);
    connect(add, &QPushButton::clicked, this, &WordListDialog::addList);
    connect(fromFile, &QPushButton::clicked, this, &WordListDialog::loadFromFile);
    connect(reset, &QPushButton::clicked, this, &WordListDialog::resetList);
    connect(buttons->button(QDialogButtonBox::Save), &QPushButton::clicked, this,
            &WordListDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_session, &ProjectSession::wordListsChanged, this,
            &WordListDialog::load); // undo, redo
    resize(520, 520);
    load();
}

void WordListDialog::selectList(const QString &name)
{
    if (m_lists->findText(name) < 0)
        m_lists->addItem(name);
    m_lists->setCurrentText(name);
}

void WordListDialog::setItemsText(const QString &text)
{
    m_items->setPlainText(text);
}

QStringList WordListDialog::editedItems() const
{
    QStringList items;
    for (const QString &line : m_items->toPlainText().split('\n'))
        if (!line.trimmed().isEmpty())
            items << line.trimmed();
    return items;
}

void WordListDialog::load()
{
    const QString name = m_lists->currentText();
    const QStringList items = m_session->wordLists().value(name);
    m_items->setPlainText(items.join('\n'));
    const bool own = m_session->savedWordList(name).has_value();
    m_info->setText(
        (own ? tr("The project's own copy.")
             : tr("Built-in or from wildcards/%1.txt; saving keeps a copy in the project.")
                   .arg(name)) +
        ' ' + tr("Use it as __%1__ in a template.").arg(name));
}

bool WordListDialog::save()
{
    const QString name = m_lists->currentText();
    if (name.isEmpty())
        return false;
    const QStringList items = editedItems();
    const std::optional<QStringList> before = m_session->savedWordList(name);
    if (before == items)
        return true;
    m_undo->push(new WordListCommand(m_session, name, before, items));
    load();
    return true;
}

void WordListDialog::addList()
{
    const QString name =
        QInputDialog::getText(this, tr("New Word List"), tr("Name (letters, digits, _ or -):"));
    if (name.isEmpty())
        return;
    if (!QRegularExpression(QStringLiteral("^[A-Za-z0-9_-]+$")).match(name).hasMatch()) {
        QMessageBox::warning(this, tr("Word Lists"),
                             tr("'%1' is not a valid list name.").arg(name));
        return;
    }
    selectList(name);
}

void WordListDialog::loadFromFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Load Word List"), QString(),
                                                      tr("Text files (*.txt);;All files (*)"));
    if (path.isEmpty())
        return;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text)) {
        QMessageBox::warning(this, tr("Word Lists"), tr("%1: %2").arg(path, f.errorString()));
        return;
    }
    QStringList items;
    for (const QString &line : QString::fromUtf8(f.readAll()).split('\n')) {
        const QString item = line.section('#', 0, 0).trimmed();
        if (!item.isEmpty())
            items << item;
    }
    m_items->setPlainText(items.join('\n'));
}

void WordListDialog::resetList()
{
    const QString name = m_lists->currentText();
    const std::optional<QStringList> before = m_session->savedWordList(name);
    if (!before)
        return;
    m_undo->push(new WordListCommand(m_session, name, before, std::nullopt));
    load();
}
