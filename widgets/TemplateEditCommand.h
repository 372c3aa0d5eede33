// An undoable change of a prompt template: the project-wide one (empty wnid) or a synset's
// override (nullopt clears it). redo() and undo() write to the project at once.
#pragma once

#include <QString>
#include <QUndoCommand>

#include <optional>

class ProjectSession;

class TemplateEditCommand : public QUndoCommand
{
public:
    TemplateEditCommand(ProjectSession *session, const QString &wnid, std::optional<QString> before,
                        std::optional<QString> after, const QString &text);

    void undo() override;
    void redo() override;
    int id() const override { return 0x5e75; }
    bool mergeWith(const QUndoCommand *other) override;

    const QString &wnid() const { return m_wnid; }

private:
    void apply(const std::optional<QString> &body);

    ProjectSession *m_session; // not owned
    QString m_wnid;
    std::optional<QString> m_before;
    std::optional<QString> m_after;
    qint64 m_lastEditMs = 0;
};
