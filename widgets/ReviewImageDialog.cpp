#include "ReviewImageDialog.h"
#include "LocaleText.h"

#include "ImageConvert.h"

#include "curation/Curation.h"
#include "project/Project.h"

#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>

using namespace synset;

ReviewImageDialog::ReviewImageDialog(QWidget *parent)
    : QDialog(parent)
    , m_image(new QLabel(this))
    , m_text(new QLabel(this))
{
    setWindowTitle(tr("Generated Image"));
    m_image->setAlignment(Qt::AlignCenter);
    m_image->setMinimumSize(300, 300);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *l = new QHBoxLayout(this);
    l->addWidget(m_image, 1);
    l->addWidget(m_text, 1);
    resize(760, 420);
}

void ReviewImageDialog::showImage(const ScoredImage &s, const Project &project)
{
    const QImage image =
        loadProjectImage(QString::fromStdString(project.resolve(s.file).string()), s.record);
    const int side = 384;
    m_image->setPixmap(QPixmap::fromImage(
        image.isNull() ? image
                       : image.scaled(side, side, Qt::KeepAspectRatio,
                                      image.width() < side ? Qt::FastTransformation
                                                           : Qt::SmoothTransformation)));
    const QJsonObject prov =
        QJsonDocument::fromJson(QByteArray::fromStdString(s.provenance)).object();
    QString text = tr("<b>%1</b> — image %2 of %3<br>")
                       .arg(QString::fromStdString(project.classes()[size_t(s.classIndex)].name))
                       .arg(s.imageId)
                       .arg(QString::fromStdString(s.dataset));
    text += tr("<b>Prompt:</b> %1<br><b>Seed:</b> %2 &nbsp; <b>Guidance:</b> %3 &nbsp; "
               "<b>Sampler:</b> %4<br>")
                .arg(prov.value(QStringLiteral("prompt")).toString().toHtmlEscaped(),
                     prov.value(QStringLiteral("seed")).toString())
                .arg(localeText::number(prov.value(QStringLiteral("guidance")).toDouble()))
                .arg(prov.value(QStringLiteral("sampler")).toString());
    const QString negative = prov.value(QStringLiteral("negative_prompt")).toString();
    if (!negative.isEmpty())
        text += tr("<b>Negative prompt:</b> %1<br>").arg(negative.toHtmlEscaped());
    // Steps, size and model: what is needed to make a text-model image again.
    const QString model = prov.value(QStringLiteral("model")).toString();
    const QString hash = prov.value(QStringLiteral("model_hash")).toString();
    if (!model.isEmpty())
        text += tr("<b>Steps:</b> %1 &nbsp; <b>Size:</b> %2 &nbsp; <b>Model:</b> %3<br>")
                    .arg(prov.value(QStringLiteral("steps")).toInt())
                    .arg(image.isNull()
                             ? QStringLiteral("?")
                             : QStringLiteral("%1×%2").arg(image.width()).arg(image.height()),
                         hash.isEmpty() ? model.toHtmlEscaped()
                                        : QStringLiteral("%1 [%2]").arg(model.toHtmlEscaped(),
                                                                        hash.toHtmlEscaped()));
    if (s.scored) {
        text += tr("<b>Predicted:</b> %1<br>")
                    .arg(QString::fromStdString(project.classes()[size_t(s.predicted)].name));
        text += tr("Self-confidence %1, margin %2, entropy %3<br>Distance to real %4, "
                   "uniqueness %5")
                    .arg(localeText::number(s.selfConfidence, 3))
                    .arg(localeText::number(s.margin, 3))
                    .arg(localeText::number(s.entropy, 3))
                    .arg(localeText::number(s.realDistance, 3))
                    .arg(localeText::number(s.uniqueness, 3));
        if (s.duplicateOf)
            text += tr("<br>Near-duplicate of image %1").arg(s.duplicateOf);
    } else {
        text += tr("Not scored yet");
    }
    text +=
        tr("<br><b>Review:</b> %1%2")
            .arg(QString::fromStdString(s.state),
                 s.origin.empty()
                     ? QString()
                     : QStringLiteral(" (%1%2)").arg(
                           QString::fromStdString(s.origin),
                           s.rule.empty() ? QString()
                                          : QStringLiteral(": ") + QString::fromStdString(s.rule)));
    m_text->setText(text);
    show();
    raise();
}
