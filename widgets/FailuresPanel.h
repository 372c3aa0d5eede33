// Where a trained classifier fails: the confusion matrix as a heatmap with class names, per-class
// accuracy worst first (beside a second run's, to compare), and for a clicked cell the real test
// images of that (true, predicted) pair next to the synthetic images both classes were trained
// on, with their prompts. From a failing class it starts the repair loop: edit the prompt,
// regenerate that class only, retrain with the same configuration, compare.
#pragma once

#include "training/TrainingRun.h"

#include <QWidget>

class ProjectSession;
class QCPColorMap;
class QCustomPlot;
class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;
class QTableWidget;

class FailuresPanel : public QWidget
{
    Q_OBJECT

public:
    explicit FailuresPanel(ProjectSession *session, QWidget *parent = nullptr);

    void reload();
    void showRun(const QString &name, const QString &compareWith = {});
    QString currentRun() const;
    QString compareRun() const;
    // Fills the image lists for test images of class `actual` predicted as `predicted`.
    void selectCell(int actual, int predicted);
    int selectedActual() const { return m_actual; }
    int selectedPredicted() const { return m_predicted; }

    const synset::ClassifierEvaluation &evaluation() const { return m_eval; }
    QCustomPlot *heatmap() const { return m_heatmap; }
    QTableWidget *classTable() const { return m_classes; }
    QComboBox *compareChoices() const { return m_compare; }
    QListWidget *testImages() const { return m_testImages; }
    QListWidget *trueClassImages() const { return m_trueImages; }
    QListWidget *predictedClassImages() const { return m_predImages; }
    // The heatmap cell under a widget position, or {-1, -1}.
    std::pair<int, int> cellAt(const QPoint &pos) const;

signals:
    void promptRequested(const QString &wnid);
    // A generation job for one class was made (the repair loop); the queue should run it.
    void regenerationQueued(const QString &jobName, const QString &runName,
                            const QString &datasetName);
    void retrainRequested(const QString &runName);

private:
    void loadRun();
    void fillCompareChoices(const QString &keep);
    void fillClassTable();
    void fillImages();
    void updateButtons();
    QString classWnid(int index) const;
    QString className(int index) const;

    ProjectSession *m_session; // not owned
    QComboBox *m_run, *m_compare;
    QPushButton *m_editPrompt, *m_regenerate, *m_retrain;
    QLabel *m_summary;
    QCustomPlot *m_heatmap;
    QCPColorMap *m_map = nullptr;
    QTableWidget *m_classes;
    QLabel *m_cellTitle, *m_trueTitle, *m_predTitle;
    QListWidget *m_testImages, *m_trueImages, *m_predImages;
    synset::RunInfo m_info;
    synset::ClassifierEvaluation m_eval, m_compareEval;
    std::vector<synset::StoredPrediction> m_predictions;
    int m_actual = -1, m_predicted = -1;
};
