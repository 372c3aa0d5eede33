#include "CorruptionGallery.h"

#include "ImageConvert.h"
#include "ProjectSession.h"

#include "data/ImageLoader.h"
#include "project/Project.h"
#include "robustness/Corruptions.h"

#include <QLabel>
#include <QPaintEvent>
#include <QPainter>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace synset;

namespace {
constexpr int kCell = 64;
constexpr int kLabelWidth = 130;
constexpr int kHeader = 22;
} // namespace

CorruptionGallery::CorruptionGallery(ProjectSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_spin(new QSpinBox(this))
    , m_caption(new QLabel(this))
{
    auto *row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("Test image:"), this));
    row->addWidget(m_spin);
    row->addWidget(m_caption, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addStretch(1);
    m_spin->setToolTip(tr("Which real test image to show (every class in turn)"));
    connect(m_spin, &QSpinBox::valueChanged, this, &CorruptionGallery::setImageIndex);
    setMinimumWidth(kLabelWidth + 6 * (kCell + 4) + 10);
}

void CorruptionGallery::reload()
{
    m_images.clear();
    if (Project *p = m_session->project()) {
        // A few test images of each class, interleaved, so the spin box walks the classes.
        std::vector<std::vector<Ref>> perClass;
        for (const ProjectClass &c : p->classes()) {
            std::vector<Ref> refs;
            for (const ImageRecord &r : p->images(c.id, "real", "test", 10))
                refs.push_back(
                    {p->resolve(r.file).string(), r.record, QString::fromStdString(c.name)});
            perClass.push_back(std::move(refs));
        }
        for (size_t k = 0; k < 10; ++k)
            for (const auto &refs : perClass)
                if (k < refs.size())
                    m_images.push_back(refs[k]);
    }
    QSignalBlocker block(m_spin);
    m_spin->setRange(0, std::max(0, int(m_images.size()) - 1));
    m_index = std::min(m_index, std::max(0, int(m_images.size()) - 1));
    m_spin->setValue(m_index);
    render();
}

int CorruptionGallery::imageIndex() const
{
    return m_index;
}

void CorruptionGallery::setImageIndex(int index)
{
    m_index = index;
    if (m_spin->value() != index) {
        QSignalBlocker block(m_spin);
        m_spin->setValue(index);
    }
    render();
}

void CorruptionGallery::render()
{
    const auto &list = corruptionList();
    const int rowHeight = kCell + 4;
    const int top = 0;
    m_sheet = QImage(kLabelWidth + 6 * (kCell + 4), kHeader + int(list.size()) * rowHeight,
                     QImage::Format_RGB32);
    m_sheet.fill(palette().color(QPalette::Window));
    setMinimumHeight(m_sheet.height() + 40);
    if (m_images.empty()) {
        m_caption->setText(tr("The project has no real test images."));
        update();
        return;
    }
    const Ref &ref = m_images[size_t(m_index)];
    Result<ImageData> img = loadImage(ref.file, ref.record);
    if (!img) {
        m_caption->setText(QString::fromStdString(img.error()));
        update();
        return;
    }
    m_caption->setText(tr("%1 — clean, then severities 1 to 5").arg(ref.className));
    // Packed HWC to planar CHW, as the corruptions take it.
    const int c = img->channels, h = img->height, w = img->width;
    std::vector<uint8_t> planar(size_t(c) * h * w);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            for (int k = 0; k < c; ++k)
                planar[(size_t(k) * h + y) * w + x] = img->pixels[(size_t(y) * w + x) * c + k];
    const auto toImage = [&](const std::vector<uint8_t> &p) {
        std::vector<uint8_t> packed(p.size());
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x)
                for (int k = 0; k < c; ++k)
                    packed[(size_t(y) * w + x) * c + k] = p[(size_t(k) * h + y) * w + x];
        return toQImage(w, h, c, packed.data());
    };
    QPainter painter(&m_sheet);
    painter.setPen(palette().color(QPalette::WindowText));
    const int x0 = kLabelWidth;
    painter.drawText(QRect(x0, top, kCell, kHeader), Qt::AlignCenter, tr("clean"));
    for (int s = 1; s <= 5; ++s)
        painter.drawText(QRect(x0 + s * (kCell + 4), top, kCell, kHeader), Qt::AlignCenter,
                         QString::number(s));
    const QImage clean =
        toImage(planar).scaled(kCell, kCell, Qt::IgnoreAspectRatio, Qt::FastTransformation);
    for (size_t i = 0; i < list.size(); ++i) {
        const int y = top + kHeader + int(i) * rowHeight;
        painter.drawText(QRect(4, y, kLabelWidth - 8, kCell), Qt::AlignVCenter | Qt::AlignRight,
                         QString::fromStdString(list[i].label));
        painter.drawImage(QPoint(x0, y), clean);
        for (int s = 1; s <= 5; ++s) {
            const std::vector<uint8_t> out =
                corruptImage(planar.data(), c, h, w, int(i), s, uint64_t(m_index));
            painter.drawImage(
                QPoint(x0 + s * (kCell + 4), y),
                toImage(out).scaled(kCell, kCell, Qt::IgnoreAspectRatio, Qt::FastTransformation));
        }
    }
    painter.end();
    update();
}

void CorruptionGallery::paintEvent(QPaintEvent *event)
{
    QWidget::paintEvent(event);
    if (m_sheet.isNull())
        return;
    QPainter painter(this);
    painter.drawImage(QPoint(0, m_spin->geometry().bottom() + 8), m_sheet);
}
