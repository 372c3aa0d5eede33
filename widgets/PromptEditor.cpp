#include "PromptEditor.h"

#include "ProjectSession.h"
#include "TemplateEditCommand.h"
#include "WordListDialog.h"

#include "prompts/PromptTemplate.h"

#include <QAction>
#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>
#include <QUndoStack>
#include <QVBoxLayout>

using namespace synset;

namespace {
constexpr int kSaveDelayMs = 700;

QString describeCount(quint64 n)
{
    if (n == std::numeric_limits<quint64>::max())
        return PromptEditor::tr("Distinct prompts: more than 10^19");
    return PromptEditor::tr("Distinct prompts: %1").arg(n);
}
} // namespace

PromptEditor::PromptEditor(ProjectSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_undo(new QUndoStack(this))
    , m_undoAction(new QAction(QIcon::fromTheme("edit-undo"), tr("Undo"), this))
    , m_redoAction(new QAction(QIcon::fromTheme("edit-redo"), tr("Redo"), this))
    , m_saveTimer(new QTimer(this))
    , m_title(new QLabel(this))
    , m_projectScope(new QRadioButton(tr("Project template (all synsets)"), this))
    , m_overrideScope(new QRadioButton(tr("Override for this synset"), this))
    , m_builtins(new QComboBox(this))
    , m_editor(new QPlainTextEdit(this))
    , m_status(new QLabel(this))
    , m_placeholders(new QTreeWidget(this))
    , m_count(new QSpinBox(this))
    , m_seed(new QSpinBox(this))
    , m_preview(new QListWidget(this))
    , m_history(new QComboBox(this))
{
    setObjectName("PromptEditor");
    m_title->setTextFormat(Qt::RichText);
    m_saveTimer->setSingleShot(true);
    m_saveTimer->setInterval(kSaveDelayMs);

    m_editor->setObjectName("templateText");
    m_editor->setUndoRedoEnabled(false); // undo goes through m_undo, which also covers saves
    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->setPlaceholderText(tr("e.g. {name}, {hypernym} inside {background}"));
    m_editor->setMaximumHeight(110);
    m_status->setWordWrap(true);

    for (const BuiltinTemplate &t : PromptTemplate::builtins())
        m_builtins->addItem(QString::fromStdString(t.name), QString::fromStdString(t.body));
    for (int i = 0; i < m_builtins->count(); ++i)
        m_builtins->setItemData(
            i, QString::fromStdString(PromptTemplate::builtins()[size_t(i)].description),
            Qt::ToolTipRole);
    auto *useBuiltin = new QPushButton(tr("Use"), this);
    useBuiltin->setToolTip(tr("Replace the text with the chosen built-in template"));

    m_undoAction->setShortcut(QKeySequence::Undo);
    m_redoAction->setShortcut(QKeySequence::Redo);
    for (QAction *a : {m_undoAction, m_redoAction}) {
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        a->setEnabled(false);
        addAction(a);
    }
    auto *undoButton = new QToolButton(this);
    undoButton->setDefaultAction(m_undoAction);
    auto *redoButton = new QToolButton(this);
    redoButton->setDefaultAction(m_redoAction);

    m_placeholders->setColumnCount(2);
    m_placeholders->setHeaderLabels({tr("Placeholder"), tr("Value for this synset")});
    m_placeholders->setRootIsDecorated(false);
    m_placeholders->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_placeholders->setToolTip(tr("Double-click to insert at the cursor"));

    m_count->setRange(1, 200);
    m_count->setValue(8);
    m_seed->setRange(0, INT_MAX);
    m_preview->setObjectName("preview");
    m_preview->setWordWrap(true);
    m_preview->setAlternatingRowColors(true);

    auto *restore = new QPushButton(tr("Restore"), this);
    auto *lists = new QPushButton(tr("Word Lists…"), this);
    lists->setToolTip(tr("Edit the backgrounds, counts and wildcard lists of this project"));

    auto *scopeRow = new QHBoxLayout;
    scopeRow->addWidget(new QLabel(tr("Applies to:"), this));
    scopeRow->addWidget(m_projectScope);
    scopeRow->addWidget(m_overrideScope);
    scopeRow->addStretch();
    scopeRow->addWidget(undoButton);
    scopeRow->addWidget(redoButton);

    auto *builtinRow = new QHBoxLayout;
    builtinRow->addWidget(new QLabel(tr("Start from:"), this));
    builtinRow->addWidget(m_builtins, 1);
    builtinRow->addWidget(useBuiltin);
    builtinRow->addSpacing(12);
    builtinRow->addWidget(new QLabel(tr("History:"), this));
    builtinRow->addWidget(m_history, 2);
    builtinRow->addWidget(restore);
    builtinRow->addSpacing(12);
    builtinRow->addWidget(lists);

    auto *previewBox = new QWidget(this);
    auto *previewLayout = new QVBoxLayout(previewBox);
    previewLayout->setContentsMargins(0, 0, 0, 0);
    auto *previewControls = new QHBoxLayout;
    previewControls->addWidget(new QLabel(tr("Preview"), previewBox));
    previewControls->addStretch();
    previewControls->addWidget(new QLabel(tr("Prompts:"), previewBox));
    previewControls->addWidget(m_count);
    previewControls->addWidget(new QLabel(tr("Seed:"), previewBox));
    previewControls->addWidget(m_seed);
    previewLayout->addLayout(previewControls);
    previewLayout->addWidget(m_preview);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_placeholders);
    splitter->addWidget(previewBox);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addLayout(scopeRow);
    layout->addLayout(builtinRow);
    layout->addWidget(m_editor);
    layout->addWidget(m_status);
    layout->addWidget(splitter, 1);

    connect(m_editor, &QPlainTextEdit::textChanged, this, &PromptEditor::onTextEdited);
    connect(m_saveTimer, &QTimer::timeout, this, &PromptEditor::commitPendingEdit);
    connect(m_projectScope, &QRadioButton::toggled, this, &PromptEditor::onScopeToggled);
    connect(useBuiltin, &QPushButton::clicked, this, &PromptEditor::applyBuiltin);
    connect(restore, &QPushButton::clicked, this, &PromptEditor::restoreFromHistory);
    connect(lists, &QPushButton::clicked, this, &PromptEditor::editWordLists);
    connect(m_session, &ProjectSession::wordListsChanged, this, &PromptEditor::updatePreview);
    connect(m_count, &QSpinBox::valueChanged, this, &PromptEditor::updatePreview);
    connect(m_seed, &QSpinBox::valueChanged, this, &PromptEditor::updatePreview);
    connect(m_placeholders, &QTreeWidget::itemDoubleClicked, this,
            [this](QTreeWidgetItem *item) { insertPlaceholder(item->text(0)); });
    connect(m_undoAction, &QAction::triggered, this, &PromptEditor::undo);
    connect(m_redoAction, &QAction::triggered, this, &PromptEditor::redo);
    // The text box takes Ctrl+Z for its own undo, which is off: route the keys to ours.
    m_editor->installEventFilter(this);
    connect(m_undo, &QUndoStack::canUndoChanged, m_undoAction, &QAction::setEnabled);
    connect(m_undo, &QUndoStack::canRedoChanged, m_redoAction, &QAction::setEnabled);
    // The actions, not the editor, are the receivers: the stack, a child, still signals while
    // the editor is being destroyed (UBSan saw it), when the editor is only a QWidget.
    connect(
        m_undo, &QUndoStack::undoTextChanged, m_undoAction,
        [action = m_undoAction](const QString &t) { action->setToolTip(tr("Undo %1").arg(t)); });
    connect(
        m_undo, &QUndoStack::redoTextChanged, m_redoAction,
        [action = m_redoAction](const QString &t) { action->setToolTip(tr("Redo %1").arg(t)); });
    connect(m_session, &ProjectSession::promptTemplateChanged, this, [this](const QString &wnid) {
        if (wnid.isEmpty() || wnid == m_wnid)
            reloadFromProject();
    });
    connect(m_session, &ProjectSession::projectChanged, this, [this] {
        // The dialog lists the old project's word lists: make a new one when next asked.
        delete m_wordLists;
        m_wordLists = nullptr;
        m_saveTimer->stop();
        m_undo->clear();
        m_wnid.clear();
        reloadFromProject();
    });
    reloadFromProject();
}

void PromptEditor::setSynset(const QString &wnid)
{
    if (wnid == m_wnid)
        return;
    commitPendingEdit();
    m_wnid = wnid;
    reloadFromProject();
}

bool PromptEditor::isOverrideScope() const
{
    return m_overrideScope->isChecked();
}

void PromptEditor::setOverrideScope(bool override)
{
    (override ? m_overrideScope : m_projectScope)->setChecked(true);
}

QString PromptEditor::editorText() const
{
    return m_editor->toPlainText();
}

QStringList PromptEditor::previewPrompts() const
{
    QStringList out;
    for (int i = 0; i < m_preview->count(); ++i)
        out << m_preview->item(i)->text();
    return out;
}

QString PromptEditor::statusText() const
{
    return m_status->text();
}

QString PromptEditor::targetWnid() const
{
    return m_overrideScope->isChecked() ? m_wnid : QString();
}

void PromptEditor::setEditorTextSilently(const QString &text)
{
    if (m_editor->toPlainText() == text)
        return;
    m_loading = true;
    m_editor->setPlainText(text);
    QTextCursor c = m_editor->textCursor();
    c.movePosition(QTextCursor::End);
    m_editor->setTextCursor(c);
    m_loading = false;
}

void PromptEditor::reloadFromProject()
{
    const bool hasProject = m_session->hasProject();
    setEnabled(hasProject);
    const bool isClass = hasProject && m_session->isClass(m_wnid);
    const std::optional<QString> override =
        isClass ? m_session->promptOverride(m_wnid) : std::nullopt;

    if (m_wnid.isEmpty()) {
        m_title->setText(tr("<b>Project prompt template</b>"));
    } else {
        m_title->setText(tr("Prompt for <b>%1</b> <span style='color:gray'>(%2)</span>")
                             .arg(m_session->className(m_wnid).toHtmlEscaped(), m_wnid));
    }
    m_overrideScope->setEnabled(isClass);
    m_overrideScope->setToolTip(
        isClass ? QString() : tr("Only classes of the project can have their own prompt"));
    m_loading = true;
    (override ? m_overrideScope : m_projectScope)->setChecked(true);
    m_loading = false;
    setEditorTextSilently(override ? *override : m_session->projectTemplate());
    updateHistory();
    updatePreview();
}

void PromptEditor::onTextEdited()
{
    if (m_loading)
        return;
    m_saveTimer->start();
    m_undoAction->setEnabled(true); // the typing is saved, and undone, before anything else
    updatePreview();
}

void PromptEditor::undo()
{
    commitPendingEdit();
    m_undo->undo();
}

void PromptEditor::redo()
{
    commitPendingEdit();
    m_undo->redo();
}

bool PromptEditor::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != m_editor ||
        (event->type() != QEvent::ShortcutOverride && event->type() != QEvent::KeyPress))
        return QWidget::eventFilter(watched, event);
    auto *key = static_cast<QKeyEvent *>(event);
    const bool isUndo = key->matches(QKeySequence::Undo);
    if (!isUndo && !key->matches(QKeySequence::Redo))
        return QWidget::eventFilter(watched, event);
    if (event->type() == QEvent::ShortcutOverride) {
        event->accept(); // the key press comes to the text box, and so here
        return true;
    }
    isUndo ? undo() : redo();
    return true;
}

void PromptEditor::commitPendingEdit()
{
    m_saveTimer->stop();
    if (!m_session->hasProject())
        return;
    const QString text = m_editor->toPlainText();
    if (!PromptTemplate::parse(text.toStdString()))
        return; // the status line shows why; nothing is saved until it parses
    const QString target = targetWnid();
    std::optional<QString> before = target.isEmpty()
                                        ? std::optional<QString>(m_session->projectTemplate())
                                        : m_session->promptOverride(target);
    if (before == text)
        return;
    const QString what = target.isEmpty()
                             ? tr("edit of the project template")
                             : tr("edit of the prompt for %1").arg(m_session->className(target));
    m_undo->push(new TemplateEditCommand(m_session, target, before, text, what));
    updateHistory();
    emit saved();
}

void PromptEditor::onScopeToggled()
{
    if (m_loading || m_wnid.isEmpty() || !m_session->isClass(m_wnid))
        return;
    m_saveTimer->stop();
    const std::optional<QString> current = m_session->promptOverride(m_wnid);
    const QString name = m_session->className(m_wnid);
    if (m_overrideScope->isChecked() && !current) {
        // Start the override from what the editor shows (the project template).
        m_undo->push(new TemplateEditCommand(m_session, m_wnid, std::nullopt,
                                             m_editor->toPlainText(),
                                             tr("override of the prompt for %1").arg(name)));
    } else if (m_projectScope->isChecked() && current) {
        m_undo->push(new TemplateEditCommand(m_session, m_wnid, current, std::nullopt,
                                             tr("removal of the override for %1").arg(name)));
    }
    reloadFromProject();
    emit saved();
}

void PromptEditor::applyBuiltin()
{
    m_editor->setPlainText(m_builtins->currentData().toString());
    commitPendingEdit();
}

void PromptEditor::restoreFromHistory()
{
    if (m_history->currentIndex() < 0)
        return;
    const QVariant body = m_history->currentData();
    if (body.isNull()) {
        setOverrideScope(false);
        return;
    }
    m_editor->setPlainText(body.toString());
    commitPendingEdit();
}

void PromptEditor::updateHistory()
{
    m_history->clear();
    const QStringList versions = m_session->templateHistory(targetWnid());
    for (const QString &v : versions) {
        if (v.isEmpty() && !targetWnid().isEmpty()) {
            m_history->addItem(tr("(override removed)"), QVariant());
            continue;
        }
        const QString shown = v.size() > 70 ? v.left(67) + QStringLiteral("...") : v;
        m_history->addItem(shown, v);
        m_history->setItemData(m_history->count() - 1, v, Qt::ToolTipRole);
    }
    m_history->setEnabled(!versions.isEmpty());
}

void PromptEditor::insertPlaceholder(const QString &name)
{
    m_editor->insertPlainText(name);
    m_editor->setFocus();
}

void PromptEditor::updatePreview()
{
    m_preview->clear();
    m_placeholders->clear();
    if (!m_session->hasProject())
        return;
    const QString wnid = m_wnid.isEmpty() && !m_session->classRows().empty()
                             ? m_session->classRows().front().wnid
                             : m_wnid;
    const PromptContext ctx = m_session->promptContext(wnid);

    for (const PlaceholderInfo &p : PromptTemplate::placeholders()) {
        QString value;
        if (p.name == "background" || p.name == "count") {
            const auto it = ctx.lists.find(p.name == "background" ? "backgrounds" : "counts");
            value =
                it == ctx.lists.end() ? tr("(no list)") : tr("one of %1").arg(it->second.size());
        } else {
            Result<PromptTemplate> single = PromptTemplate::parse("{" + p.name + "}");
            value = single ? QString::fromStdString(single->render(ctx, 0, 0)) : QString();
            if (p.name == "synonym")
                value = tr("one of %1").arg(ctx.lemmas.size());
        }
        auto *item = new QTreeWidgetItem(m_placeholders,
                                         {QString::fromStdString("{" + p.name + "}"), value});
        item->setToolTip(0, QString::fromStdString(p.description));
        item->setToolTip(1, value);
    }
    for (const auto &[name, items] : ctx.lists) {
        auto *item =
            new QTreeWidgetItem(m_placeholders, {QString::fromStdString("__" + name + "__"),
                                                 tr("word list, items: %1").arg(items.size())});
        item->setToolTip(
            0,
            tr("Wildcard: one item of the project's list '%1'").arg(QString::fromStdString(name)));
    }

    Result<PromptTemplate> t = PromptTemplate::parse(m_editor->toPlainText().toStdString());
    if (!t) {
        m_status->setStyleSheet("color: #b00020;");
        m_status->setText(tr("Not saved: %1").arg(QString::fromStdString(t.error())));
        return;
    }
    QString status = describeCount(t->combinations(ctx));
    const std::vector<std::string> missing = t->missingLists(ctx);
    if (!missing.empty()) {
        QStringList names;
        for (const std::string &m : missing)
            names << QString::fromStdString(m);
        status += QStringLiteral(" — ") + tr("no word list named %1").arg(names.join(", "));
        m_status->setStyleSheet("color: #9a6700;");
    } else {
        m_status->setStyleSheet(QString());
    }
    m_status->setText(status);
    const quint64 combinations = t->combinations(ctx);
    const size_t wanted = size_t(m_count->value());
    if (combinations >= wanted) {
        for (const std::string &p : t->renderMany(ctx, quint64(m_seed->value()), wanted))
            m_preview->addItem(QString::fromStdString(p));
        return;
    }
    // Fewer combinations than rows asked for: list each distinct prompt once.
    QStringList distinct;
    for (quint64 i = 0; i < wanted * 64 && quint64(distinct.size()) < combinations; ++i) {
        const QString p = QString::fromStdString(t->render(ctx, quint64(m_seed->value()), i));
        if (!distinct.contains(p))
            distinct << p;
    }
    m_preview->addItems(distinct);
}

WordListDialog *PromptEditor::wordListDialog()
{
    if (!m_wordLists)
        m_wordLists = new WordListDialog(m_session, m_undo, this);
    return m_wordLists;
}

void PromptEditor::editWordLists()
{
    WordListDialog *dialog = wordListDialog();
    dialog->show();
    dialog->raise();
}
