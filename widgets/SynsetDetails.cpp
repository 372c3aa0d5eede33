#include "SynsetDetails.h"

#include "ImageConvert.h"
#include "ProjectSession.h"
#include "common/Guard.h"

#include <QFutureWatcher>
#include <QLabel>
#include <QListWidget>
#include <QScrollArea>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace {
constexpr int kThumbnails = 48;
constexpr int kThumbSize = 64;
} // namespace

SynsetDetails::SynsetDetails(ProjectSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_header(new QLabel(this))
    , m_body(new QLabel(this))
    , m_thumbTitle(new QLabel(this))
    , m_thumbs(new QListWidget(this))
{
    setObjectName("SynsetDetails");
    m_header->setTextFormat(Qt::RichText);
    m_header->setWordWrap(true);
    m_body->setTextFormat(Qt::RichText);
    m_body->setWordWrap(true);
    m_body->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_body->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_thumbs->setViewMode(QListView::IconMode);
    m_thumbs->setIconSize(QSize(kThumbSize, kThumbSize));
    m_thumbs->setGridSize(QSize(kThumbSize + 8, kThumbSize + 8));
    m_thumbs->setResizeMode(QListView::Adjust);
    m_thumbs->setMovement(QListView::Static);
    m_thumbs->setUniformItemSizes(true);
    m_thumbs->setSelectionMode(QAbstractItemView::NoSelection);

    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *inner = new QWidget(scroll);
    auto *innerLayout = new QVBoxLayout(inner);
    innerLayout->addWidget(m_header);
    innerLayout->addWidget(m_body);
    innerLayout->addStretch();
    scroll->setWidget(inner);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(scroll, 3);
    layout->addWidget(m_thumbTitle);
    layout->addWidget(m_thumbs, 2);

    connect(m_body, &QLabel::linkActivated, this, [this](const QString &link) {
        if (link.startsWith(QLatin1String("wnid:")))
            emit synsetActivated(link.mid(5));
    });
    connect(m_session, &ProjectSession::projectChanged, this, [this] {
        m_wnid.clear();
        refresh();
    });
    connect(m_session, &ProjectSession::imagesChanged, this, &SynsetDetails::refresh);
    refresh();
}

void SynsetDetails::setSynset(const QString &wnid)
{
    if (wnid == m_wnid)
        return;
    m_wnid = wnid;
    refresh();
}

int SynsetDetails::thumbnailCount() const
{
    return m_thumbs->count();
}

void SynsetDetails::refresh()
{
    const std::optional<SynsetInfo> info =
        m_wnid.isEmpty() ? std::nullopt : m_session->synsetInfo(m_wnid);
    if (!info) {
        m_header->setText(m_wnid.isEmpty() ? tr("<i>Select a synset</i>")
                                           : tr("<i>Unknown synset %1</i>").arg(m_wnid));
        m_body->clear();
        m_thumbTitle->clear();
        m_thumbs->clear();
        m_thumbs->hide();
        return;
    }
    m_header->setText(
        QStringLiteral("<h2 style='margin:0'>%1</h2><span style='color:gray'>%2 · %3%4</span>")
            .arg(info->name.toHtmlEscaped(), info->wnid, info->lexName,
                 info->isClass ? tr(" · class %1").arg(info->classIndex)
                               : tr(" · not a class of this project")));
    QString html;
    html += QStringLiteral("<p><b>%1</b> %2</p>")
                .arg(tr("Lemmas:"), info->lemmas.join(", ").toHtmlEscaped());
    html += QStringLiteral("<p><b>%1</b> %2</p>")
                .arg(tr("Definition:"), info->definition.toHtmlEscaped());
    for (const QString &e : info->examples)
        html +=
            QStringLiteral("<p style='margin-left:12px'><i>“%1”</i></p>").arg(e.toHtmlEscaped());
    QStringList steps;
    for (const QString &w : info->hypernymPath) {
        const QString lemma = m_session->lemmaOf(w).toHtmlEscaped();
        steps << (w == info->wnid ? QStringLiteral("<b>%1</b>").arg(lemma)
                                  : QStringLiteral("<a href='wnid:%1'>%2</a>").arg(w, lemma));
    }
    html += QStringLiteral("<p><b>%1</b><br>%2</p>")
                .arg(tr("Hypernym path:"), steps.join(QStringLiteral(" › ")));
    html += QStringLiteral("<p><b>%1</b> %2</p>").arg(tr("Hyponyms:")).arg(info->hyponymCount);
    m_body->setText(html);
    loadThumbnails();
}

void SynsetDetails::loadThumbnails()
{
    m_thumbs->clear();
    const quint64 generation = ++m_generation;
    const std::vector<ThumbnailRef> refs = m_session->thumbnails(m_wnid, kThumbnails);
    m_thumbs->setVisible(!refs.empty());
    if (refs.empty()) {
        m_thumbTitle->setText(
            m_session->isClass(m_wnid) ? tr("<b>Real images:</b> none imported yet") : QString());
        emit thumbnailsLoaded();
        return;
    }
    m_thumbTitle->setText(tr("<b>Real images</b> (first %1)").arg(refs.size()));
    auto *watcher = new QFutureWatcher<QList<QImage>>(this);
    connect(watcher, &QFutureWatcher<QList<QImage>>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_generation)
            return; // the user moved on to another synset
        for (const QImage &img : watcher->result()) {
            if (img.isNull())
                continue;
            auto *item = new QListWidgetItem(m_thumbs);
            item->setIcon(QIcon(QPixmap::fromImage(img.scaled(
                kThumbSize, kThumbSize, Qt::KeepAspectRatio,
                img.width() < kThumbSize ? Qt::FastTransformation : Qt::SmoothTransformation))));
            item->setToolTip(tr("%1 × %2").arg(img.width()).arg(img.height()));
        }
        emit thumbnailsLoaded();
    });
    watcher->setFuture(QtConcurrent::run([refs] {
        QList<QImage> images;
        // An image that cannot be read is left out, like one that is missing.
        for (const ThumbnailRef &r : refs)
            (void)synset::catchAll("thumbnail",
                                   [&] { images << loadProjectImage(r.file, r.record); });
        return images;
    }));
}
