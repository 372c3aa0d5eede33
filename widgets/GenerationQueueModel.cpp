#include "GenerationQueueModel.h"

#include "generation/GenerationJob.h"

#include <QFileInfo>
#include <QLocale>

#include <cmath>
#include <optional>

using namespace synset;

GenerationQueueModel::GenerationQueueModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void GenerationQueueModel::setJobs(const std::vector<GenerationJobInfo> &jobs)
{
    // Keep the live figures of the running job across a reload from the store.
    const int activeRow = rowOf(m_active);
    const std::optional<GenerationJobRow> live =
        activeRow >= 0 ? std::optional(m_rows[activeRow]) : std::nullopt;
    beginResetModel();
    m_rows.clear();
    for (const GenerationJobInfo &j : jobs) {
        GenerationJobRow r;
        r.id = j.id;
        r.name = QString::fromStdString(j.name);
        r.status = QString::fromStdString(j.status);
        r.interrupted = j.interrupted;
        r.error = QString::fromStdString(j.error);
        for (const std::string &w : j.config.wnids)
            r.wnids << QString::fromStdString(w);
        r.perClass = j.config.perClass;
        r.guidance = j.config.guidance;
        r.sampler = QString::fromStdString(
            samplerDisplayName(j.config.karras ? j.config.sampler + "-karras" : j.config.sampler));
        if (j.config.sampler == "ddim" && j.config.eta != 0)
            r.sampler += QStringLiteral(" (eta %1)").arg(j.config.eta);
        r.model = QString::fromStdString(j.config.model.string());
        r.width = j.config.width;
        r.height = j.config.height;
        r.negativePrompt = QString::fromStdString(j.config.negativePrompt);
        r.steps = j.config.steps;
        r.seed = j.config.seed;
        r.done = j.done;
        r.total = j.total;
        if (live && live->name == r.name) {
            r.imagesPerSecond = live->imagesPerSecond;
            r.etaSeconds = live->etaSeconds;
            r.inFlight = live->inFlight;
            r.currentWnid = live->currentWnid;
            r.done = std::max(r.done, live->done);
        }
        m_rows << r;
    }
    endResetModel();
}

void GenerationQueueModel::setActive(const QString &name)
{
    const int old = rowOf(m_active);
    m_active = name;
    if (old >= 0) { // the job that stopped has no rate any more
        m_rows[old].imagesPerSecond = 0;
        m_rows[old].inFlight = 0;
        m_rows[old].etaSeconds = -1;
        emit dataChanged(index(old, 0), index(old, ColumnCount - 1));
    }
    if (const int now = rowOf(name); now >= 0)
        emit dataChanged(index(now, 0), index(now, ColumnCount - 1));
}

void GenerationQueueModel::setProgress(const QString &name, qint64 done, qint64 total,
                                       double inFlight, double imagesPerSecond, double etaSeconds,
                                       const QString &wnid)
{
    const int row = rowOf(name);
    if (row < 0)
        return;
    GenerationJobRow &r = m_rows[row];
    r.done = done;
    r.total = total;
    r.inFlight = inFlight;
    r.imagesPerSecond = imagesPerSecond;
    r.etaSeconds = etaSeconds;
    r.currentWnid = wnid;
    if (name == m_active)
        r.status = QStringLiteral("running");
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

int GenerationQueueModel::rowOf(const QString &name) const
{
    if (name.isEmpty())
        return -1;
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].name == name)
            return i;
    return -1;
}

const GenerationJobRow *GenerationQueueModel::job(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows[row] : nullptr;
}

QString GenerationQueueModel::effectiveStatus(int row) const
{
    const GenerationJobRow *r = job(row);
    if (!r)
        return {};
    if (r->name == m_active)
        return QStringLiteral("running");
    if (r->status == QLatin1String("running"))
        return r->interrupted ? QStringLiteral("interrupted") : QStringLiteral("elsewhere");
    return r->status;
}

int GenerationQueueModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int GenerationQueueModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString GenerationQueueModel::formatDuration(double seconds)
{
    if (!(seconds >= 0) || !std::isfinite(seconds))
        return QStringLiteral("–");
    const qint64 s = qint64(std::llround(seconds));
    if (s >= 3600)
        return QStringLiteral("%1:%2:%3")
            .arg(s / 3600)
            .arg(s / 60 % 60, 2, 10, QLatin1Char('0'))
            .arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

QString GenerationQueueModel::statusText(const QString &status)
{
    if (status == QLatin1String("queued"))
        return tr("Queued");
    if (status == QLatin1String("running"))
        return tr("Running");
    if (status == QLatin1String("paused"))
        return tr("Paused");
    if (status == QLatin1String("done"))
        return tr("Done");
    if (status == QLatin1String("cancelled"))
        return tr("Cancelled");
    if (status == QLatin1String("failed"))
        return tr("Failed");
    if (status == QLatin1String("interrupted"))
        return tr("Interrupted");
    if (status == QLatin1String("elsewhere"))
        return tr("Running (elsewhere)");
    return status;
}

QVariant GenerationQueueModel::data(const QModelIndex &index, int role) const
{
    const GenerationJobRow *r = job(index.row());
    if (!r)
        return {};
    const QString status = effectiveStatus(index.row());
    const double fraction = r->total > 0 ? (double(r->done) + r->inFlight) / double(r->total) : 0.0;
    switch (role) {
    case NameRole:
        return r->name;
    case StatusRole:
        return status;
    case FractionRole:
        return fraction;
    case Qt::ToolTipRole:
        if (!r->error.isEmpty())
            return r->error;
        if (index.column() == ClassesColumn)
            return r->wnids.join(QLatin1String(", "));
        if (index.column() == SettingsColumn) {
            QString tip = tr("Model: %1").arg(r->model.isEmpty() ? tr("built-in") : r->model);
            if (!r->negativePrompt.isEmpty())
                tip += QLatin1Char('\n') + tr("Negative prompt: %1").arg(r->negativePrompt);
            return tip;
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == RateColumn || index.column() == EtaColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    const QLocale locale;
    switch (Column(index.column())) {
    case NameColumn:
        return r->name;
    case ClassesColumn:
        return r->wnids.size() == 1
                   ? tr("1 class × %1").arg(locale.toString(r->perClass))
                   : tr("%1 classes × %2").arg(r->wnids.size()).arg(locale.toString(r->perClass));
    case SettingsColumn: {
        const QString settings = tr("CFG %1, %2 %3 steps, seed %4")
                                     .arg(locale.toString(r->guidance))
                                     .arg(r->sampler)
                                     .arg(r->steps)
                                     .arg(r->seed);
        if (r->width <= 0)
            return settings;
        // Text models: which one, and the size.
        return tr("%1 %2×%3, %4")
            .arg(QFileInfo(r->model).fileName())
            .arg(r->width)
            .arg(r->height)
            .arg(settings);
    }
    case ProgressColumn:
        return tr("%1 of %2").arg(locale.toString(r->done), locale.toString(r->total));
    case RateColumn:
        return status == QLatin1String("running") && r->imagesPerSecond > 0
                   ? tr("%1 img/s").arg(locale.toString(r->imagesPerSecond, 'f', 1))
                   : QString();
    case EtaColumn:
        return status == QLatin1String("running") && r->etaSeconds >= 0
                   ? formatDuration(r->etaSeconds)
                   : QString();
    case StatusColumn:
        if (status == QLatin1String("running") && !r->currentWnid.isEmpty())
            return tr("Running (%1)").arg(r->currentWnid);
        return statusText(status);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant GenerationQueueModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case NameColumn:
        return tr("Job");
    case ClassesColumn:
        return tr("Images");
    case SettingsColumn:
        return tr("Settings");
    case ProgressColumn:
        return tr("Progress");
    case RateColumn:
        return tr("Rate");
    case EtaColumn:
        return tr("ETA");
    case StatusColumn:
        return tr("Status");
    case ColumnCount:
        break;
    }
    return {};
}
