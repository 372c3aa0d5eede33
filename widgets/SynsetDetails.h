// Synset details: lemmas, definition, examples, the hypernym path (each step a link) and real
// thumbnails of the class, loaded off the GUI thread.
#pragma once

#include <QWidget>

class ProjectSession;
class QLabel;
class QListWidget;

class SynsetDetails : public QWidget
{
    Q_OBJECT

public:
    explicit SynsetDetails(ProjectSession *session, QWidget *parent = nullptr);

    void setSynset(const QString &wnid);
    QString synset() const { return m_wnid; }
    int thumbnailCount() const;

signals:
    void synsetActivated(const QString &wnid);
    void thumbnailsLoaded();

private:
    void refresh();
    void loadThumbnails();

    ProjectSession *m_session; // not owned
    QString m_wnid;
    QLabel *m_header;
    QLabel *m_body;
    QLabel *m_thumbTitle;
    QListWidget *m_thumbs;
    quint64 m_generation = 0;
};
