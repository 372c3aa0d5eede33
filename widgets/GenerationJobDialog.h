// "New Generation Job": N images per class for the chosen classes, with a prompt template and the
// sampler settings. The model's own defaults (its best guidance, sampler and steps) come first.
// With a Stable Diffusion model every class can be chosen, each image's prompt is its class's
// template expanded for it, and a negative prompt and the image size apply to all.
#pragma once

#include "generation/GenerationJob.h"

#include <QDialog>

#include <optional>

class ModelPicker;
class ProjectSession;
class QCheckBox;
class QComboBox;
class QFormLayout;
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
    // Closed with "Plan for a Slurm Cluster…": the caller plans the job for a cluster instead of
    // queueing it here.
    bool wantsClusterPlan() const { return m_clusterPlan; }

    void accept() override;

private:
    void modelChanged();
    // Offers the conversion to the project's kind of image when the model makes another kind.
    void updateConversion();
    // What the model makes at the chosen size; whether that is another kind than the project's.
    std::optional<synset::ImageKind> madeKind() const;
    bool needsConversion() const;
    QString validate() const;

    ProjectSession *m_session; // not owned
    QStringList m_takenNames;  // of the project's jobs
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
    QCheckBox *m_convert;
    QFormLayout *m_form;
    std::optional<synset::ImageKind> m_projectKind; // of the project's real images
    QLabel *m_error;
    bool m_clusterPlan = false;
};
