// The Samples panel: pick a generator, a class, sampler, steps, seeds and a row of guidance
// scales, and watch a guidance x seed grid denoise live; click a cell for a large view with its
// parameters and "Add to dataset". With a Stable Diffusion model each seed row draws the class's
// prompt template expanded for that row, with a negative prompt and a size; previews are the
// cheap linear latent-to-RGB projection and the final image goes through the VAE. Sampling runs
// on a worker thread; cancel takes effect within a step.
#pragma once

#include <QElapsedTimer>
#include <QImage>
#include <QWidget>

class ModelPicker;
class ProjectSession;
class SampleGrid;
class SampleWorker;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QThread;

class SamplesPanel : public QWidget
{
    Q_OBJECT

public:
    explicit SamplesPanel(ProjectSession *session, QWidget *parent = nullptr);
    ~SamplesPanel() override;

    void setSynset(const QString &wnid);
    void setModelPath(const QString &path);
    void setGuidances(const QString &text);
    void setSeeds(int first, int count);
    void setSteps(int steps);
    void setNegativePrompt(const QString &text);
    void setImageSize(int width, int height);
    void setSampler(const QString &sampler); // "dpmpp2m", "dpmpp2m-karras", ...
    ModelPicker *modelPicker() const { return m_model; }
    void generate();
    void cancel();
    bool isRunning() const { return m_running; }
    SampleGrid *grid() const { return m_grid; }
    QString status() const;
    // Adds the grid cell's final image to the project; returns an error message or empty. A
    // sample of another kind than the project's images (size, colour) is refused, or added
    // converted to the project's kind with convert.
    QString addToDataset(int column, int row, bool convert = false);
    // Empty when the cell's image is of the project's kind; else how the two differ.
    QString kindDifference(int column, int row) const;

signals:
    void finished();
    void requestRun(const struct SampleGridRequest &request);

private:
    void showCell(int column, int row);
    void modelChanged();
    QStringList rowPrompts(const QString &wnid, int rows) const;
    void showRowPrompts();
    QString parametersText(int column, int row) const;

    ProjectSession *m_session; // not owned
    QThread *m_thread;
    SampleWorker *m_worker; // lives in m_thread
    ModelPicker *m_model;
    QComboBox *m_class;
    QComboBox *m_sampler;
    QSpinBox *m_steps;
    QDoubleSpinBox *m_eta;
    QSpinBox *m_seed;
    QSpinBox *m_seedCount;
    QLineEdit *m_guidance;
    QLineEdit *m_negative;
    QSpinBox *m_width;
    QSpinBox *m_height;
    QLabel *m_prompt;
    QPushButton *m_run;
    QPushButton *m_stop;
    QLabel *m_status;
    SampleGrid *m_grid;
    QString m_modelHash;
    bool m_running = false;
    bool m_failed = false, m_cancelled = false;
    QElapsedTimer m_clock;
    // What the grid shows, for the large view and "Add to dataset".
    QString m_gridWnid, m_gridSampler, m_gridModel, m_gridNegative;
    QStringList m_gridPrompts;
    bool m_gridText = false;
    int m_gridSteps = 0;
    double m_gridEta = 0;
};
