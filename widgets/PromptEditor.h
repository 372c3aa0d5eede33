// The prompt editor panel: pick a built-in template or write one, for the whole project or as an
// override for one synset; see the placeholders, the number of distinct prompts and a live
// preview. Every change is saved to the project and can be undone.
#pragma once

#include <QWidget>

class ProjectSession;
class QComboBox;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QRadioButton;
class QSpinBox;
class QTimer;
class QTreeWidget;
class QUndoStack;
class QAction;

class PromptEditor : public QWidget
{
    Q_OBJECT

public:
    explicit PromptEditor(ProjectSession *session, QWidget *parent = nullptr);

    void setSynset(const QString &wnid);
    QString synset() const { return m_wnid; }
    QUndoStack *undoStack() const { return m_undo; }
    QAction *undoAction() const { return m_undoAction; }
    QAction *redoAction() const { return m_redoAction; }

    // Saves the text typed so far now, rather than after the typing pause.
    void commitPendingEdit();
    bool isOverrideScope() const;
    void setOverrideScope(bool override);
    QString editorText() const;
    QStringList previewPrompts() const;
    // The word-list editor, parented to this panel and sharing its undo stack.
    class WordListDialog *wordListDialog();
    QString statusText() const;

signals:
    void saved();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void undo(); // saves the text typed so far first
    void redo();
    void reloadFromProject();
    void onTextEdited();
    void onScopeToggled();
    void applyBuiltin();
    void restoreFromHistory();
    void updatePreview();
    void updateHistory();
    void insertPlaceholder(const QString &name);
    void editWordLists();
    QString targetWnid() const; // empty for the project template
    void setEditorTextSilently(const QString &text);

    ProjectSession *m_session; // not owned
    QString m_wnid;
    QUndoStack *m_undo;
    QAction *m_undoAction;
    QAction *m_redoAction;
    QTimer *m_saveTimer;
    QLabel *m_title;
    QRadioButton *m_projectScope;
    QRadioButton *m_overrideScope;
    QComboBox *m_builtins;
    QPlainTextEdit *m_editor;
    QLabel *m_status;
    QTreeWidget *m_placeholders;
    QSpinBox *m_count;
    QSpinBox *m_seed;
    QListWidget *m_preview;
    QComboBox *m_history;
    class WordListDialog *m_wordLists = nullptr;
    bool m_loading = false;
};
