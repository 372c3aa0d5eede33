// An undoable change of a project word list; nullopt stands for "no project copy" (the file or
// built-in list of that name is in force).
#pragma once

#include <QStringList>
#include <QUndoCommand>

#include <optional>

class ProjectSession;

class WordListCommand : public QUndoCommand
{
public:
    WordListCommand(ProjectSession *session, const QString &name, std::optional<QStringList> before,
                    std::optional<QStringList> after);
    void undo() override;
    void redo() override;

private:
    ProjectSession *m_session; // not owned
    QString m_name;
    std::optional<QStringList> m_before;
    std::optional<QStringList> m_after;
};
