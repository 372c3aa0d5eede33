#include "TemplateEditCommand.h"

#include "ProjectSession.h"

#include <QDateTime>

namespace {
// Typing bursts closer together than this become one undo step.
constexpr qint64 kMergeWindowMs = 2500;
} // namespace

TemplateEditCommand::TemplateEditCommand(ProjectSession *session, const QString &wnid,
                                         std::optional<QString> before,
                                         std::optional<QString> after, const QString &text)
    : QUndoCommand(text)
    , m_session(session)
    , m_wnid(wnid)
    , m_before(std::move(before))
    , m_after(std::move(after))
    , m_lastEditMs(QDateTime::currentMSecsSinceEpoch())
{}

void TemplateEditCommand::apply(const std::optional<QString> &body)
{
    if (m_wnid.isEmpty())
        m_session->setProjectTemplate(body.value_or(QString()));
    else
        m_session->setPromptOverride(m_wnid, body);
}

void TemplateEditCommand::undo()
{
    apply(m_before);
}

void TemplateEditCommand::redo()
{
    apply(m_after);
}

bool TemplateEditCommand::mergeWith(const QUndoCommand *other)
{
    const auto *o = static_cast<const TemplateEditCommand *>(other);
    // Only plain text edits of the same template merge; clearing or creating an override stays
    // its own step.
    if (o->m_wnid != m_wnid || !m_before || !m_after || !o->m_before || !o->m_after ||
        o->m_lastEditMs - m_lastEditMs > kMergeWindowMs)
        return false;
    m_after = o->m_after;
    m_lastEditMs = o->m_lastEditMs;
    return true;
}
