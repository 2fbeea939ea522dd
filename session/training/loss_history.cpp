#include "session/training/loss_history.h"

#include <QCoreApplication>
#include <QSaveFile>
#include <algorithm>
#include <cmath>

namespace digitscope::ui {
namespace {

// Halves a curve: each pair of neighbours becomes their mean; an odd last point stays.
void mergePairs(QList<QPointF>& points) {
    const qsizetype pairs = points.size() / 2;
    for (qsizetype i = 0; i < pairs; ++i) points[i] = (points[2 * i] + points[2 * i + 1]) / 2;
    if (points.size() % 2 != 0) points[pairs] = points.back();
    points.resize(pairs + points.size() % 2);
    points.squeeze();
}

QString csvField(const QString& text) {
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) &&
        !text.contains(QLatin1Char('\n')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

}  // namespace

QString LossHistory::startRun(const QString& label) {
    const QString base =
        label.isEmpty() ? QCoreApplication::translate("LossHistory", "training") : label;
    QString unique = base;
    for (int n = 2;; ++n) {
        const bool taken = std::any_of(m_runs.begin(), m_runs.end(),
                                       [&](const Run& run) { return run.label == unique; });
        if (!taken) break;
        unique = QStringLiteral("%1 (%2)").arg(base).arg(n);
    }
    m_runs.push_back(Run{});
    m_runs.back().label = unique;
    return unique;
}

bool LossHistory::addTrainingLoss(double epochPosition, double loss) {
    if (!std::isfinite(epochPosition) || !std::isfinite(loss)) return false;
    if (m_runs.empty()) startRun(QString());
    Run& run = m_runs.back();
    run.ema = kSmoothing * run.ema + (1 - kSmoothing) * loss;
    ++run.emaCount;
    // Bias correction: the average starts at zero, so divide by the weight it has gathered.
    const double corrected = run.ema / (1 - std::pow(kSmoothing, run.emaCount));
    run.groupRaw += QPointF(epochPosition, loss);
    run.groupSmoothed += QPointF(epochPosition, corrected);
    if (++run.groupCount < run.stride) return true;
    run.raw.append(run.groupRaw / run.stride);
    run.smoothed.append(run.groupSmoothed / run.stride);
    run.groupRaw = run.groupSmoothed = QPointF();
    run.groupCount = 0;
    if (run.raw.size() > kMaxTrainingPoints) {
        mergePairs(run.raw);
        mergePairs(run.smoothed);
        run.stride *= 2;
    }
    return true;
}

bool LossHistory::addEpoch(int epoch, double testLoss, double testAccuracy) {
    const bool loss = std::isfinite(testLoss);
    const bool accuracy = std::isfinite(testAccuracy);
    if (!loss && !accuracy) return false;
    if (m_runs.empty()) startRun(QString());
    Run& run = m_runs.back();
    if (loss) run.testLoss.append(QPointF(epoch, testLoss));
    if (accuracy) run.testAccuracy.append(QPointF(epoch, testAccuracy));
    return true;
}

LossHistory::Extent LossHistory::extent() const {
    Extent result;
    for (const Run& run : m_runs) {
        for (const QList<QPointF>* points : {&run.raw, &run.testLoss}) {
            for (const QPointF& p : *points) {
                result.maxEpoch = std::max(result.maxEpoch, p.x());
                result.minLoss = result.hasLoss ? std::min(result.minLoss, p.y()) : p.y();
                result.maxLoss = std::max(result.maxLoss, p.y());
                result.hasLoss = true;
            }
        }
        for (const QPointF& p : run.testAccuracy) {
            result.maxEpoch = std::max(result.maxEpoch, p.x());
            result.minAccuracy = std::min(result.minAccuracy, p.y());
            result.hasAccuracy = true;
        }
    }
    return result;
}

QString LossHistory::toCsv() const {
    QString text = QStringLiteral("run,kind,epoch_position,value\n");
    const auto rows = [&text](const QString& run, const char* kind, const QList<QPointF>& points) {
        for (const QPointF& p : points)
            text += QStringLiteral("%1,%2,%3,%4\n")
                        .arg(csvField(run), QLatin1String(kind), QString::number(p.x(), 'g', 10),
                             QString::number(p.y(), 'g', 10));
    };
    for (const Run& run : m_runs) {
        rows(run.label, "train_loss", run.raw);
        rows(run.label, "train_loss_smoothed", run.smoothed);
        rows(run.label, "test_loss", run.testLoss);
        rows(run.label, "test_accuracy", run.testAccuracy);
    }
    return text;
}

QList<QPointF> LossHistory::decimated(const QList<QPointF>& points, int buckets, bool envelope) {
    const qsizetype n = points.size();
    if (buckets < 1 || n <= (envelope ? 2 * buckets : buckets)) return points;
    QList<QPointF> result;
    result.reserve(2 * buckets);
    for (int b = 0; b < buckets; ++b) {
        const qsizetype begin = n * b / buckets;
        const qsizetype end = n * (b + 1) / buckets;
        if (begin >= end) continue;
        if (!envelope) {
            result.append(points[end - 1]);
            continue;
        }
        qsizetype low = begin;
        qsizetype high = begin;
        for (qsizetype i = begin + 1; i < end; ++i) {
            if (points[i].y() < points[low].y()) low = i;
            if (points[i].y() > points[high].y()) high = i;
        }
        result.append(points[std::min(low, high)]);
        if (low != high) result.append(points[std::max(low, high)]);
    }
    return result;
}

double LossHistory::niceStep(double x) {
    const double magnitude = std::pow(10.0, std::floor(std::log10(x)));
    for (double factor : {1.0, 2.0, 2.5, 5.0})
        if (factor * magnitude >= x * (1 - 1e-9)) return factor * magnitude;
    return 10 * magnitude;
}

bool saveAtomically(const QString& path, const std::function<bool(QIODevice&)>& write,
                    QString* error) {
    QSaveFile file(path);
    QString problem;
    if (!file.open(QIODevice::WriteOnly)) {
        problem = file.errorString();
    } else if (!write(file)) {
        problem = file.errorString().isEmpty() ? QStringLiteral("could not write the data")
                                               : file.errorString();
        file.cancelWriting();
    } else if (!file.commit()) {
        problem = file.errorString();
    }
    if (problem.isEmpty()) return true;
    if (error) *error = QStringLiteral("%1: %2").arg(path, problem);
    return false;
}

}  // namespace digitscope::ui
