#pragma once

#include <QList>
#include <QPointF>
#include <QString>
#include <functional>
#include <vector>

class QIODevice;

namespace digitscope::ui {

// The loss curves of training runs as plain data: what LossChart draws and its CSV export
// holds. x is in epochs (1.25 = a quarter into the second epoch); accuracy is a fraction.
class LossHistory {
public:
    struct Run {
        QString label;
        QList<QPointF> raw;       // each report's mean training loss
        QList<QPointF> smoothed;  // its bias-corrected exponential moving average
        QList<QPointF> testLoss;  // at each epoch's end
        QList<QPointF> testAccuracy;
        double ema = 0;  // the moving average before correction
        int emaCount = 0;
        // Once the run is long, each kept point is the mean of `stride` reports; reports of the
        // group in progress are summed here until it is complete.
        int stride = 1;
        int groupCount = 0;
        QPointF groupRaw;
        QPointF groupSmoothed;
    };

    // What all runs span, for the axes.
    struct Extent {
        double maxEpoch = 0;
        double minLoss = 0;  // of the raw and test losses; 0 without any
        double maxLoss = 0;
        double minAccuracy = 1;
        bool hasAccuracy = false;
        bool hasLoss = false;
    };

    static constexpr double kSmoothing = 0.9;  // EMA weight of the past
    // Training-loss points kept per run and curve. Beyond it, neighbouring points are merged
    // pairwise (averaged) and later reports are averaged in groups of the same size, so a run
    // left training for hours holds bounded memory at an even resolution; test points (one an
    // epoch) are all kept.
    static constexpr int kMaxTrainingPoints = 20000;

    // A new run; a label already taken gets " (2)", " (3)", ... Returns the label used.
    QString startRun(const QString& label);
    // To the latest run (the first point opens one named "training"); false when skipped
    // (non-finite values).
    bool addTrainingLoss(double epochPosition, double loss);
    bool addEpoch(int epoch, double testLoss, double testAccuracy);  // NaNs are skipped
    void clear() { m_runs.clear(); }
    void removeRun(int index) { m_runs.erase(m_runs.begin() + index); }

    int runCount() const { return static_cast<int>(m_runs.size()); }
    const Run& run(int index) const { return m_runs.at(static_cast<std::size_t>(index)); }
    Extent extent() const;

    // "run,kind,epoch_position,value" then one row per point kept; kind is train_loss,
    // train_loss_smoothed, test_loss or test_accuracy (a fraction). Labels are quoted when
    // they hold a comma, a quote or a line break (RFC 4180).
    QString toCsv() const;

    // At most about 2 x `buckets` points: each bucket of consecutive points gives its lowest
    // and highest (envelope, for noisy raw values) or its last point (smooth curves).
    static QList<QPointF> decimated(const QList<QPointF>& points, int buckets, bool envelope);
    // The smallest of 1, 2, 2.5 or 5 x 10^k that is at least `x` (> 0): axis steps.
    static double niceStep(double x);

private:
    std::vector<Run> m_runs;
};

// Writes a file through QSaveFile: complete or untouched. On failure returns false with
// "<path>: <reason>" in *error (when given).
bool saveAtomically(const QString& path, const std::function<bool(QIODevice&)>& write,
                    QString* error);

}  // namespace digitscope::ui
