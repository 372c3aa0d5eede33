#include "WordListCommand.h"

#include "ProjectSession.h"

#include <QCoreApplication>

WordListCommand::WordListCommand(ProjectSession *session, const QString &name,
                                 std::optional<QStringList> before,
                                 std::optional<QStringList> after)
    : QUndoCommand(
          QCoreApplication::translate("WordListCommand", "change of word list %1").arg(name))
    , m_session(session)
    , m_name(name)
    , m_before(std::move(before))
    , m_after(std::move(after))
{}

void WordListCommand::undo()
{
    m_session->setWordList(m_name, m_before);
}

void WordListCommand::redo()
{
    m_session->setWordList(m_name, m_after);
}
