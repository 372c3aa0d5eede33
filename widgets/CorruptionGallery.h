// One real test image under all 15 corruptions x 5 severities, with the clean image first: the
// Robustness panel's gallery tab.
#pragma once

#include <QImage>
#include <QWidget>

#include <string>
#include <vector>

class ProjectSession;
class QLabel;
class QSpinBox;

class CorruptionGallery : public QWidget
{
    Q_OBJECT

public:
    explicit CorruptionGallery(ProjectSession *session, QWidget *parent = nullptr);
    void reload();
    // Shows the test image with that index among the project's real test images.
    void setImageIndex(int index);
    int imageIndex() const;
    int imageCount() const { return int(m_images.size()); }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    void render();

    ProjectSession *m_session;
    struct Ref
    {
        std::string file;
        int64_t record = -1;
        QString className;
    };
    std::vector<Ref> m_images;
    int m_index = 0;
    QImage m_sheet; // the whole grid, rendered once per image
    QSpinBox *m_spin;
    QLabel *m_caption;
};
