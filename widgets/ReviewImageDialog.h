// The review grid's large view of one image: the picture beside its class, prompt, seed,
// guidance, sampler, scores and review state. One dialog, refilled for each image shown.
#pragma once

#include <QCoreApplication>
#include <QDialog>

class QLabel;

namespace synset {
class Project;
struct ScoredImage;
} // namespace synset

class ReviewImageDialog : public QDialog
{
    // Its strings are the Review panel's, and keep their translations.
    Q_DECLARE_TR_FUNCTIONS(ReviewPanel)

public:
    explicit ReviewImageDialog(QWidget *parent = nullptr);
    void showImage(const synset::ScoredImage &s, const synset::Project &project);

private:
    QLabel *m_image;
    QLabel *m_text;
};
