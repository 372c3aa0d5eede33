// "New Generation Job": N images per class for the chosen classes, with a prompt template and the
// sampler settings. The model's own defaults (its best guidance, sampler and steps) come first.
// With a Stable Diffusion model every class can be chosen, each image's prompt is its class's
// template expanded for it, and a negative prompt and the image size apply to all.
#pragma once

#include "generation/GenerationJob.h"

#include <QDialog>

class ModelPicker;
class ProjectSession;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QSpinBox;

class GenerationJobDialog : public QDialog
{
    Q_OBJECT

public:
    explicit GenerationJobDialog(ProjectSession *session, QWidget *parent = nullptr);

    QString jobName() const;
    synset::GenerationConfig config() const;
    void setModelPath(const QString &path);
    void setCheckedClasses(const QStringList &wnids);
    void setPerClass(int n);
    void setNegativePrompt(const QString &text);
    void setImageSize(int width, int height);
    void setError(const QString &error);

    void accept() override;

private:
    void modelChanged();
    QString validate() const;

    ProjectSession *m_session; // not owned
    QLineEdit *m_name;
    ModelPicker *m_model;
    QLabel *m_modelInfo;
    QListWidget *m_classes;
    QSpinBox *m_perClass;
    QComboBox *m_template;
    QDoubleSpinBox *m_guidance;
    QComboBox *m_sampler;
    QSpinBox *m_steps;
    QDoubleSpinBox *m_eta;
    QSpinBox *m_seed;
    QSpinBox *m_batch;
    QLineEdit *m_negative;
    QSpinBox *m_width;
    QSpinBox *m_height;
    QLabel *m_error;
};
