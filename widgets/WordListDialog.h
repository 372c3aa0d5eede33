// Edits the project's word lists (the {background} scenes, the {count} words, any __wildcard__
// list): one item a line, load from a file, reset to the built-in or file list. Saving pushes an
// undoable command.
#pragma once

#include <QDialog>

class ProjectSession;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QUndoStack;

class WordListDialog : public QDialog
{
    Q_OBJECT

public:
    WordListDialog(ProjectSession *session, QUndoStack *undo, QWidget *parent = nullptr);

    void selectList(const QString &name);
    void setItemsText(const QString &text);
    bool save();

private:
    void load();
    void addList();
    void loadFromFile();
    void resetList();
    QStringList editedItems() const;

    ProjectSession *m_session; // not owned
    QUndoStack *m_undo;        // not owned
    QComboBox *m_lists;
    QPlainTextEdit *m_items;
    QLabel *m_info;
};
