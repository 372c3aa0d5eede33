// "New Run": the data mix (real fraction, synthetic none/all/accepted, which generated sets and
// in what ratio), the model and the optimisation settings of a classifier training run.
#pragma once

#include "training/TrainingRun.h"

#include <QDialog>

class ProjectSession;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QSpinBox;

class RunDialog : public QDialog
{
    Q_OBJECT

public:
    explicit RunDialog(ProjectSession *session, QWidget *parent = nullptr);

    QString runName() const;
    void setRunName(const QString &name);
    synset::RunConfig config() const;
    void setConfig(const synset::RunConfig &config);
    void setError(const QString &error);

private:
    void updateSummary();
    void updatePreview();

    ProjectSession *m_session; // not owned
    QLineEdit *m_name;
    QComboBox *m_model;
    QSpinBox *m_width;
    QDoubleSpinBox *m_realPercent;
    QComboBox *m_synthetic;
    QListWidget *m_datasets;
    QDoubleSpinBox *m_ratio;
    QSpinBox *m_epochs;
    QSpinBox *m_batch;
    QComboBox *m_optimizer;
    QDoubleSpinBox *m_lr;
    QComboBox *m_augment;
    QDoubleSpinBox *m_smoothing;
    QSpinBox *m_seed;
    QLabel *m_summary;
    QLabel *m_preview;
    synset::ImageSet m_previewImages; // a few real training images
    QLabel *m_error;
};
