// "New Generation Job": N images per class for the chosen classes, with a prompt template and the
// sampler settings. The model's own defaults (its best guidance, sampler and steps) come first.
#pragma once

#include "generation/GenerationJob.h"

#include <QDialog>

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
    void setError(const QString &error);

    void accept() override;

private:
    void loadModel();
    QString validate() const;

    ProjectSession *m_session; // not owned
    QLineEdit *m_name;
    QLineEdit *m_model;
    QLabel *m_modelInfo;
    QListWidget *m_classes;
    QSpinBox *m_perClass;
    QComboBox *m_template;
    QDoubleSpinBox *m_guidance;
    QComboBox *m_sampler;
    QSpinBox *m_steps;
    QSpinBox *m_seed;
    QSpinBox *m_batch;
    QLabel *m_error;
    QString m_modelHash;
    QStringList m_modelWnids;
};
