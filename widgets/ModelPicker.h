// Picks the image generator: the built-in class-conditional model, or a Stable Diffusion 1.x
// diffusers folder or single .safetensors checkpoint the user points at. Picked models are
// remembered across sessions, most recent first, and the current one is shared by every picker
// (the Samples panel and the New Generation Job dialog start on the same model).
#pragma once

#include "generation/Generator.h"

#include <QVariant>
#include <QWidget>

#include <optional>

class QComboBox;
class QDoubleSpinBox;
class QToolButton;

class ModelPicker : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kMaxRecent = 8;

    explicit ModelPicker(QWidget *parent = nullptr);

    QString path() const;
    // Picks a model (added to the remembered list once it proves usable). Its description (the
    // headers and the file's hash: seconds for a 4 GB checkpoint) is read on a worker thread;
    // modelChanged() says when it is there. An unusable model stays picked, with error() saying
    // why.
    void setPath(const QString &path);
    // True from setPath until its description is read.
    bool isReading() const { return m_reading; }
    // Null while reading, and when the model cannot be used.
    const synset::GeneratorDescription *description() const;
    QString error() const { return m_error; }
    // One line: what the model is, or why it cannot be used.
    QString summary() const;
    // The model in one line, in the user's language.
    static QString describeModel(const synset::GeneratorDescription &d);

    static QString builtinPath();
    static QStringList rememberedModels(); // most recent first, the built-in model last
    static QString currentModel();         // the last one picked anywhere
    // Fills a sampler box with what the model takes ("dpmpp2m", "dpmpp2m-karras", ...), keeping
    // the current choice where the model has it, else the model's default.
    static void fillSamplers(QComboBox *box, const synset::GeneratorDescription &model);
    // "dpmpp2m-karras" -> {"dpmpp2m", true}
    static std::pair<QString, bool> splitSampler(const QString &choice);
    // DDIM's eta (0 deterministic, 1 fresh noise every step), usable while the sampler box
    // shows DDIM; the caller sets the model's default. enableEta after a fillSamplers, which
    // changes the box without signals.
    static void setUpEta(QDoubleSpinBox *eta, QComboBox *sampler);
    // A value set on purpose (a stored plan's) is kept when the next model is read.
    static void markChosen(QWidget *box) { box->setProperty("chosen", true); }
    // Sets a field to a newly picked model's default, unless the user has changed it from the
    // last model's default (typed 20 steps stay 20 steps when another model is picked).
    template<class SpinBox, class Value> static void takeDefault(SpinBox *box, Value value)
    {
        const QVariant last = box->property("modelDefault");
        const bool untouched = !box->property("chosen").toBool() &&
                               (!last.isValid() || box->value() == last.value<Value>());
        box->setProperty("chosen", false);
        if (untouched)
            box->setValue(value); // as the box rounds it
        box->setProperty("modelDefault", QVariant::fromValue(untouched ? box->value() : value));
    }
    static void enableEta(QDoubleSpinBox *eta, const QComboBox *sampler);

signals:
    // A model was picked (isReading() is true), and again once its description or error is
    // there.
    void modelChanged(const QString &path);

private:
    void adopt(const QString &path, synset::Result<synset::GeneratorDescription> description);
    void refill();

    QComboBox *m_combo;
    QToolButton *m_browse;
    QString m_path;
    std::optional<synset::GeneratorDescription> m_description;
    QString m_error;
    bool m_reading = false;
    int m_request = 0; // the latest setPath; older readings are dropped
};
